/* Draws the page's charts with the locally served ECharts. Each <div class="chart"> names
   the json_script element holding its data (data-source) and its kind (data-kind).
   Colours follow the legend printed on the page: red for an increase, green for a
   decrease (the Chinese convention); the series' own lines stay neutral. */
(function () {
  "use strict";
  var UP = "#c8102e";
  var DOWN = "#067647";
  var NEUTRAL = ["#12406b", "#8c6d1f", "#6b7785"];

  function signColour(value) {
    if (value === null || value === undefined) return NEUTRAL[2];
    return value > 0 ? UP : value < 0 ? DOWN : NEUTRAL[2];
  }

  function coloured(values) {
    return values.map(function (value) {
      return { value: value, itemStyle: { color: signColour(value) } };
    });
  }

  function unitAxis(unit) {
    return { type: "value", name: unit, axisLabel: { formatter: "{value}" } };
  }

  var kinds = {
    // Growth rates over the months: neutral lines, each point red or green by its sign;
    // the peers' published growth as thin grey lines and the growth target as a dashed
    // level, both context for the region's own lines.
    line: function (data) {
      var own = data.series.map(function (series, index) {
        var marks = index === 0 ? [{ yAxis: 0 }] : [];
        if (index === 0 && data.target) {
          marks.push({ yAxis: data.target.value, name: data.target.name,
                       lineStyle: { color: UP, type: "dashed" },
                       label: { show: true, position: "insideEndTop", formatter: data.target.name + " {c}" + data.unit } });
        }
        return {
          name: series.name,
          type: "line",
          data: coloured(series.values),
          connectNulls: true,
          symbolSize: 9,
          symbol: index === 0 ? "circle" : "triangle",
          z: 3,
          lineStyle: { color: NEUTRAL[index], type: index === 0 ? "solid" : "dashed", width: 2 },
          itemStyle: { color: NEUTRAL[index] },
          markLine: marks.length ? { silent: true, symbol: "none", data: marks, lineStyle: { color: "#98a2b3" }, label: { show: false } } : undefined
        };
      });
      var peers = (data.peers || []).map(function (series) {
        return {
          name: series.name,
          type: "line",
          data: series.values,
          connectNulls: false,
          symbol: "none",
          z: 1,
          lineStyle: { color: "#b5bcc6", width: 1 },
          itemStyle: { color: "#b5bcc6" },
          emphasis: { focus: "series" }
        };
      });
      return {
        legend: { top: 0, type: "scroll" },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + data.unit; } },
        grid: { left: 48, right: 24, top: 40, bottom: 32 },
        xAxis: { type: "category", data: data.labels },
        yAxis: unitAxis(data.unit),
        series: own.concat(peers)
      };
    },
    // One bar per place (rank in the label), red above zero and green below.
    bar: function (data) {
      return {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + data.unit; } },
        grid: { left: 48, right: 16, top: 24, bottom: 72 },
        xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 35 } },
        yAxis: unitAxis(data.unit),
        series: [{ name: "累计增速", type: "bar", data: coloured(data.values), label: { show: true, position: "top" } }]
      };
    },
    // Pulls of the industries, largest at the top.
    hbar: function (data) {
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v === null ? "—" : v + data.unit; } },
        grid: { left: 8, right: 48, top: 16, bottom: 24, containLabel: true },
        yAxis: { type: "category", data: data.labels, axisLabel: { width: 150, overflow: "truncate" } },
        xAxis: unitAxis(data.unit),
        series: [{ name: "拉动", type: "bar", data: coloured(data.values), label: { show: true, position: "right" } }]
      };
    },
    // Amounts (an enterprise's output against last year's): two neutral lines.
    amounts: function (data) {
      return {
        legend: { top: 0 },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + data.unit; } },
        grid: { left: 64, right: 24, top: 40, bottom: 32 },
        xAxis: { type: "category", data: data.labels },
        yAxis: unitAxis(data.unit),
        series: data.series.map(function (series, index) {
          return {
            name: series.name,
            type: "line",
            data: series.values,
            lineStyle: { color: NEUTRAL[index], type: index === 0 ? "solid" : "dashed" },
            itemStyle: { color: NEUTRAL[index] }
          };
        })
      };
    }
  };

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-source"));
    var build = kinds[element.getAttribute("data-kind")];
    if (!source || !build || typeof echarts === "undefined") return null;
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(element, null, { locale: "ZH", renderer: "canvas" });
    var option = build(data);
    option.aria = { enabled: true };
    option.animation = false;
    chart.setOption(option);
    if (data.links) {
      // A county's bar opens that county's dashboard.
      chart.on("click", function (params) {
        var link = data.links[params.dataIndex];
        if (link) window.location.href = link;
      });
    }
    return chart;
  }

  var charts = [];
  document.querySelectorAll("div.chart[data-source]").forEach(function (element) {
    var chart = draw(element);
    if (chart) charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
