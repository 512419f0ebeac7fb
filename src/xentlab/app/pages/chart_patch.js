// The browser's half of xentlab.app.pages.chart_updates.ChartPatch: after an update message has
// been rendered (the read-out's numbers are in the DOM), NiceGUI calls apply(), which merges
// the patches that message carried into the target chart, in order. A chart whose component
// has not mounted yet (a moment after the page is drawn) gets them once it has: one retry
// timer at a time, for at most 10 s, after which the waiting patches are dropped.
export default {
  template: "<span hidden></span>",
  props: { target: Number, patches: Array },
  data: () => ({ queue: [], tries: 0, waiting: false }),
  methods: {
    apply() {
      this.queue.push(...(this.patches || []));
      if (!this.waiting) this.flush();
    },
    flush() {
      this.waiting = false;
      if (!this.queue.length) return;
      let chart;
      try {
        chart = getElement(this.target)?.chart;
      } catch (e) {}
      if (!chart) {
        if (++this.tries < 1000) {
          this.waiting = true;
          setTimeout(this.flush, 10);
        } else {
          this.queue = [];
          this.tries = 0;
        }
        return;
      }
      this.tries = 0;
      for (const option of this.queue.splice(0)) chart.setOption(option);
    },
  },
};
