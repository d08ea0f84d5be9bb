// <esteira-chart>: Apache ECharts for Esteira. The server sends the option as JSON; the element
// applies Lumo's colours and fonts, follows its container's size, and reports clicks.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

const LUMO_COLOURS = [
  '--lumo-primary-color',
  '--lumo-success-color',
  '--lumo-warning-color',
  '--lumo-error-color',
  '--lumo-contrast-60pct',
];
const FALLBACK_COLOURS = ['#1676f3', '#0e8a4c', '#c78000', '#e3243b', '#6b7686'];

class EsteiraChart extends HTMLElement {
  private chart?: echarts.ECharts;
  private resizeObserver?: ResizeObserver;
  private optionJson?: string;

  set option(value: string) {
    this.optionJson = value;
    this.render();
  }

  get option(): string | undefined {
    return this.optionJson;
  }

  connectedCallback() {
    this.setAttribute('aria-hidden', 'true');
    this.chart = echarts.init(this, undefined, { renderer: 'svg' });
    this.chart.on('click', (params: any) => {
      const value = Array.isArray(params.value) ? params.value[params.value.length - 1] : params.value;
      this.dispatchEvent(
        new CustomEvent('chart-click', {
          detail: { name: String(params.name ?? ''), seriesName: String(params.seriesName ?? ''), value: Number(value) },
        }),
      );
    });
    this.resizeObserver = new ResizeObserver(() => this.chart?.resize());
    this.resizeObserver.observe(this);
    this.render();
  }

  disconnectedCallback() {
    this.resizeObserver?.disconnect();
    this.chart?.dispose();
    this.chart = undefined;
  }

  private render() {
    if (!this.chart || !this.optionJson) {
      return;
    }
    const option = JSON.parse(this.optionJson);
    const style = getComputedStyle(this);
    const css = (name: string) => style.getPropertyValue(name).trim();
    if (!option.color) {
      option.color = LUMO_COLOURS.map((name, i) => css(name) || FALLBACK_COLOURS[i]);
    }
    option.textStyle = { fontFamily: css('--lumo-font-family') || 'sans-serif', color: css('--lumo-body-text-color') || '#1a1a1a', ...(option.textStyle ?? {}) };
    option.backgroundColor = option.backgroundColor ?? 'transparent';
    option.animation = option.animation ?? false;
    this.chart.setOption(option, true);
  }
}

if (!customElements.get('esteira-chart')) {
  customElements.define('esteira-chart', EsteiraChart);
}
