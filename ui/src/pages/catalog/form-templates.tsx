// RJSF's core templates assume Bootstrap's icon font; these give every button visible words, every input
// its aria-invalid and every field's errors a marker that is not colour alone.
import { getDefaultRegistry } from '@rjsf/core';
import { errorId, type FieldErrorProps, type IconButtonProps, type RJSFSchema, type TemplatesType, type WidgetProps, type WrapIfAdditionalTemplateProps } from '@rjsf/utils';
import { ADDITIONAL_PROPERTY_FLAG } from '@rjsf/utils';

const core = getDefaultRegistry().templates;

/** What an Add button adds: an array's entry ("input template"), else the field itself ("user metadata"). */
function titleOf(props: IconButtonProps): string {
  const items: unknown = props.uiSchema?.items;
  const itemTitle = items && typeof items === 'object' && 'ui:title' in items ? items['ui:title'] : undefined;
  const title = itemTitle ?? props.uiSchema?.['ui:title'];
  return typeof title === 'string' ? title : '';
}

function button(text: string, className: string) {
  return function TextButton(props: IconButtonProps) {
    const { iconType: _type, icon: _icon, uiSchema: _ui, registry: _registry, className: extra, ...rest } = props;
    return (
      <button type="button" className={`${className} ${extra ?? ''}`} {...rest}>
        {text}
      </button>
    );
  };
}

function AddButton(props: IconButtonProps) {
  const { onClick, disabled, id } = props;
  const what = titleOf(props);
  return (
    <button type="button" id={id} className="form-add" onClick={onClick} disabled={disabled}>
      + Add {what ? what.toLowerCase() : 'an entry'}
    </button>
  );
}

function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps) {
  const shown = errors.filter(Boolean);
  if (shown.length === 0) return null;
  return (
    <ul id={errorId(fieldPathId)} className="field-errors">
      {shown.map((error, i) => (
        <li key={i}>
          <span aria-hidden="true">✖ </span>
          {error}
        </li>
      ))}
    </ul>
  );
}

function BaseInputTemplate(props: WidgetProps) {
  const Base = core.BaseInputTemplate;
  const invalid = (props.rawErrors?.length ?? 0) > 0;
  return <Base {...props} {...(invalid ? { 'aria-invalid': true } : {})} />;
}

/** A free-form map's entry: its key and value side by side, each with its own label, and a Remove button. */
function WrapIfAdditionalTemplate(props: WrapIfAdditionalTemplateProps) {
  const { id, classNames, style, disabled, label, onKeyRenameBlur, onRemoveProperty, readonly, schema, rawErrors, children } = props;
  const className = `form-group ${classNames ?? ''} ${rawErrors?.length ? 'has-error' : ''}`;
  if (!(ADDITIONAL_PROPERTY_FLAG in schema)) {
    return (
      <div className={className} style={style}>
        {children}
      </div>
    );
  }
  return (
    <div className={`${className} map-entry`} style={style}>
      <div className="map-key">
        <label htmlFor={`${id}-key`}>Key</label>
        <input type="text" id={`${id}-key`} onBlur={onKeyRenameBlur} defaultValue={label} key={label} />
      </div>
      <div className="map-value">{children}</div>
      <button type="button" className="form-remove" onClick={onRemoveProperty} disabled={disabled || readonly}>
        Remove <span className="visually-hidden">{label}</span>
      </button>
    </div>
  );
}

export const templates: Partial<Omit<TemplatesType<unknown, RJSFSchema>, 'ButtonTemplates'>> & {
  ButtonTemplates: Partial<TemplatesType['ButtonTemplates']>;
} = {
  FieldErrorTemplate,
  BaseInputTemplate,
  WrapIfAdditionalTemplate,
  ButtonTemplates: {
    AddButton,
    RemoveButton: button('Remove', 'form-remove'),
    MoveUpButton: button('Move up', 'form-move'),
    MoveDownButton: button('Move down', 'form-move'),
    CopyButton: button('Copy', 'form-move'),
  },
};
