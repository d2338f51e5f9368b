/**
 * Changes over time: one stacked bar per day, week or month, stacked by table or by change cue
 * (ECharts, imported piece by piece, in the Insights chunk only). A click on a segment opens
 * Activity for that bucket and that table or cue; a click elsewhere in a bar's column opens the
 * whole bucket. The same numbers are in the table below the chart (keyboard and screen readers).
 */
import { BarChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChangeCue } from '../../shared/domain';
import type { InsightsBucket, InsightsGranularity } from '../../shared/insights';
import { bucketLabel, seriesColour } from './insights-format';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, DataZoomComponent, SVGRenderer]);

export function OverTimeChart({
  buckets,
  series,
  split,
  granularity,
  dark,
  onOpen,
}: {
  buckets: InsightsBucket[];
  /** Table names or cues, stacked in this order. */
  series: string[];
  split: 'table' | 'cue';
  granularity: InsightsGranularity;
  dark: boolean;
  onOpen(bucket: InsightsBucket, series: string | null): void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef({ buckets, series, onOpen });
  latest.current = { buckets, series, onOpen };

  useEffect(() => {
    const dom = element.current!;
    const instance = echarts.init(dom, dark ? 'dark' : undefined, { renderer: 'svg' });
    chart.current = instance;
    // A segment: that bucket and series.
    instance.on('click', (params) => {
      const { buckets: b, series: s, onOpen: open } = latest.current;
      const bucket = b[params.dataIndex];
      if (bucket) open(bucket, typeof params.seriesIndex === 'number' ? (s[params.seriesIndex] ?? null) : null);
    });
    // Anywhere else in a bar's column: the whole bucket.
    instance.getZr().on('click', (event) => {
      if (event.target) return;
      const point = [event.offsetX, event.offsetY];
      if (!instance.containPixel('grid', point)) return;
      const [index] = instance.convertFromPixel('grid', point) as [number, number];
      const bucket = latest.current.buckets[Math.round(index)];
      if (bucket) latest.current.onOpen(bucket, null);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(dom);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const labels = buckets.map((b) => bucketLabel(b, granularity));
    const many = buckets.length > 60;
    instance.setOption(
      {
        backgroundColor: 'transparent',
        aria: { enabled: true, decal: { show: false } },
        animation: false,
        grid: { left: 48, right: 16, top: 36, bottom: many ? 56 : 28, containLabel: false },
        legend: { top: 0, left: 0, type: 'scroll', itemWidth: 12, itemHeight: 10 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
        xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true }, axisTick: { alignWithLabel: true } },
        yAxis: { type: 'value', minInterval: 1 },
        dataZoom: many ? [{ type: 'slider', height: 18, bottom: 4 }, { type: 'inside' }] : [],
        series: series.map((name) => ({
          name,
          type: 'bar',
          stack: 'changes',
          barMaxWidth: 48,
          itemStyle: { color: seriesColour(name, split, series) },
          emphasis: { focus: 'series' },
          data: buckets.map((b) => (split === 'table' ? (b.byTable[name] ?? 0) : (b.byCue[name as ChangeCue] ?? 0))),
        })),
      },
      { notMerge: true },
    );
  }, [buckets, series, split, granularity, dark]);

  return <div ref={element} className="insights-chart" data-testid="insights-over-time" />;
}
