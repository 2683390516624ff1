/**
 * An ECharts chart (tree-shaken through echarts/core: line and bar series, grid, tooltip; the SVG
 * renderer, so a chart is DOM that tests and screen readers can inspect and that prints sharply).
 * The legend is plain HTML beside it (series colours are fixed, see COLORS).
 */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "preact/hooks";

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export const COLORS = ["#c23531", "#2f4554", "#61a0a8", "#d48265", "#749f83", "#ca8622", "#6e7074", "#546570"];

export interface Series { name: string; values: (number | null)[] }

export function Chart(props: { kind: "line" | "bar"; categories: string[]; series: Series[]; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!, undefined, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: COLORS,
      grid: { left: 60, right: 20, top: 20, bottom: 60 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: props.categories, axisLabel: { rotate: props.categories.length > 8 ? 40 : 0 } },
      yAxis: { type: "value" },
      series: props.series.map((s, i) => ({
        type: props.kind, name: s.name, data: s.values, connectNulls: false,
        // solid circles in the series' colour: one per value (tests count them)
        symbol: "circle", symbolSize: 7, showAllSymbol: true, itemStyle: { color: COLORS[i % COLORS.length] },
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => { window.removeEventListener("resize", resize); chart.dispose(); };
  }, [JSON.stringify(props)]);
  return (
    <figure class="chart">
      <div ref={el} class="chart-canvas" role="img" aria-label={props.label} />
      <figcaption class="legend">
        {props.series.map((s, i) => (
          <span key={s.name} class="legend-item" data-series={i}>
            <i style={{ background: COLORS[i % COLORS.length] }} />{s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
