// Widgets for the registry forms: an id of another item is typed or picked from that kind's items, and the
// name of the item it names is shown beside it.
import type { RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import { ariaDescribedByIds } from '@rjsf/utils';
import { isEditableKind, kindInfo } from './kinds';
import { useAllItems } from './registry-api';
import type { RegistryKind } from './types';

function RegistryRefWidget(props: WidgetProps) {
  const kindOption = props.options.kind;
  const kind: RegistryKind = typeof kindOption === 'string' && isEditableKind(kindOption) ? kindOption : 'datasets';
  const items = useAllItems(kind);
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, rawErrors } = props;
  const text = typeof value === 'string' ? value : '';
  const chosen = items.data?.find((item) => item.id === text);
  const listId = `${id}-choices`;
  return (
    <div className="ref-widget">
      <input
        id={id}
        name={id}
        type="text"
        list={listId}
        value={text}
        required={required}
        disabled={disabled}
        readOnly={readonly}
        autoComplete="off"
        aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
        aria-describedby={`${ariaDescribedByIds(id)} ${id}-names`}
        onChange={(e) => onChange(e.target.value === '' ? props.options.emptyValue : e.target.value)}
        onBlur={(e) => onBlur(id, e.target.value)}
        onFocus={(e) => onFocus(id, e.target.value)}
      />
      <datalist id={listId}>
        {items.data?.map((item) => (
          <option key={item.id} value={item.id}>
            {item.display_name}
          </option>
        ))}
      </datalist>
      <span id={`${id}-names`} className="ref-name muted">
        {!text ? `An id of one of the ${kindInfo(kind).title.toLowerCase()}` : chosen ? `→ ${chosen.display_name}` : items.isSuccess ? `→ not one of the first ${items.data.length} ${kindInfo(kind).title.toLowerCase()}` : ''}
      </span>
    </div>
  );
}

export const widgets: RegistryWidgetsType = { registryRef: RegistryRefWidget };
