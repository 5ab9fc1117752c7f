// Widgets for the registry forms: an id of another item is typed or picked from that kind's items, and the
// name of the item it names is shown beside it.
import type { RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import { ariaDescribedByIds } from '@rjsf/utils';
import { isEditableKind, kindInfo, type KindInfo } from './kinds';
import { useAllItems } from './registry-api';
import type { RegistryKind } from './types';

/** How many items of a kind are offered: all of them in any registry we have seen. */
const LISTED = 1000;

function hint(text: string, chosen: string | undefined, listed: number | undefined, info: KindInfo): string {
  const plural = info.title.toLowerCase();
  if (!text) return `Type or pick the id of one of the ${plural}`;
  if (chosen) return `→ ${chosen}`;
  if (listed === undefined) return '';
  return listed < LISTED ? `No ${info.one} has this id` : `Not among the first ${listed} ${plural}`;
}

function RegistryRefWidget(props: WidgetProps) {
  const kindOption = props.options.kind;
  const kind: RegistryKind = typeof kindOption === 'string' && isEditableKind(kindOption) ? kindOption : 'datasets';
  const items = useAllItems(kind, LISTED);
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
        {hint(text, chosen?.display_name, items.data?.length, kindInfo(kind))}
      </span>
    </div>
  );
}

export const widgets: RegistryWidgetsType = { registryRef: RegistryRefWidget };
