// The browser's half of xentlab.app.chart_updates.ChartPatch: after an update message has
// been rendered (the read-out's numbers are in the DOM), NiceGUI calls apply(), which merges
// the patches that message carried into the target chart, in order. A chart whose component
// has not mounted yet (a moment after the page is drawn) gets them once it has.
export default {
  template: "<span hidden></span>",
  props: { target: Number, patches: Array },
  data: () => ({ queue: [], tries: 0 }),
  methods: {
    apply() {
      this.queue.push(...(this.patches || []));
      this.flush();
    },
    flush() {
      if (!this.queue.length) return;
      let chart;
      try {
        chart = getElement(this.target)?.chart;
      } catch (e) {}
      if (!chart) {
        if (++this.tries < 1000) setTimeout(this.flush, 10);
        else this.queue = [];
        return;
      }
      this.tries = 0;
      for (const option of this.queue.splice(0)) chart.setOption(option);
    },
  },
};
