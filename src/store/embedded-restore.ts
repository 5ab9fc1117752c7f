// Puts an embedded store back from a snapshot (EmbeddedPool.snapshot) into a directory that has none.
import { PGlite } from '@electric-sql/pglite';

/**
 * Writes the snapshot's files into `dir` (which must not hold a store) through PGlite's loadDataDir, and checks
 * that the store it makes opens and answers a query before saying it is done.
 */
export async function restoreEmbeddedStore(dir: string, snapshot: Blob): Promise<void> {
  const client = await PGlite.create(dir, { loadDataDir: snapshot });
  try {
    await client.query('SELECT 1');
  } finally {
    await client.close();
  }
}
