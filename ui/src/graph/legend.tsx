// What the shapes, colours and emphasis mean; shape and text say it as well as colour.
import { HouseShape } from './nodes';

export function GraphLegend({ selection }: { selection: boolean }) {
  return (
    <ul className="graph-legend" aria-label="Legend">
      <li>
        <span className="lg-swatch gn-entity" aria-hidden="true" /> Entity (oval): data, models, templates
      </li>
      <li>
        <span className="lg-swatch gn-activity" aria-hidden="true" /> Activity (rectangle): runs, steps, studies
      </li>
      <li>
        <span className="lg-swatch gn-agent" aria-hidden="true">
          <HouseShape className="gn-house" />
        </span>{' '}
        Agent (house): people, organisations, users
      </li>
      <li>
        <span className="lg-arrow" aria-hidden="true">
          ←
        </span>{' '}
        Arrows point from effect to cause, as PROV reads (a run <em>used</em> a dataset)
      </li>
      {selection && (
        <li>
          <span className="lg-swatch lg-selected" aria-hidden="true" /> Selected: thick outline; its upstream and downstream paths bold; the rest faded
        </li>
      )}
    </ul>
  );
}
