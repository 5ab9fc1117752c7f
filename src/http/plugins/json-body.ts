// application/json bodies: strict UTF-8, no duplicate keys, bounded depth and width, then Fastify's own
// parser. Fastify's default decodes with Buffer#toString, which turns invalid UTF-8 into U+FFFD that would
// then be stored as if sent, and its JSON.parse keeps the last of two equal keys without a word.
// Reading stays Fastify's (parseAs 'buffer'), so the body limit and its 413 hold for chunked bodies too;
// parsing stays Fastify's default (secure-json-parse), so __proto__ and constructor.prototype keys are
// still refused as before.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, Errors } from '../../domain/errors.js';
import { findJsonTextIssue } from '../../domain/json-text.js';

export default fp(async function jsonBodyPlugin(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // fatal: refuse rather than replace. One decoder serves every request: decode() without {stream} resets it.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(new AppError(Errors.validation, 'body is not valid UTF-8', { errors: [{ field: '(root)', message: 'is not valid UTF-8' }] }), undefined);
      return;
    }
    const issue = findJsonTextIssue(text);
    if (issue) {
      const field = issue.path.replace(/^body\.?/, '') || '(root)';
      done(new AppError(Errors.validation, `${issue.path} ${issue.message}`, { errors: [{ field, message: issue.message }] }), undefined);
      return;
    }
    parseJson(request, text, done);
  });
});
