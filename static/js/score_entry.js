// Score entry: totals per dimension and overall as you type, inline checks (range, half points),
// Enter moves to the next input instead of submitting. Tab order is the points inputs only.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.points"));

  function parse(text) {
    text = text.trim();
    if (text === "") return { value: 0, empty: true };
    if (!/^-?\d+(\.\d+)?$/.test(text)) return { error: "notnumber" };
    return { value: parseFloat(text) };
  }

  function check(input) {
    var parsed = parse(input.value);
    var message = "";
    var label = input.dataset.label;
    var min = parseFloat(input.dataset.min), max = parseFloat(input.dataset.max);
    if (parsed.error) {
      message = label + "：" + input.value.trim() + " 不是数字。";
    } else if (!parsed.empty && (parsed.value < min || parsed.value > max)) {
      message = label + "：" + input.value.trim() + " 超出 " + input.dataset.min + "–" + input.dataset.max + " 分的范围。";
    } else if (!parsed.empty && Math.round(parsed.value * 2) !== parsed.value * 2) {
      message = label + "：" + input.value.trim() + " 不是半分的整数倍（例如 1 或 1.5）。";
    }
    var holder = document.getElementById("error-" + input.id.slice("points-".length));
    if (holder) holder.textContent = message;
    input.setAttribute("aria-invalid", message ? "true" : "false");
    return message ? 0 : parsed.value || 0;
  }

  function format(value) {
    return String(Math.round(value * 10) / 10);
  }

  function totals() {
    var overall = 0;
    form.querySelectorAll("fieldset.dimension").forEach(function (fieldset) {
      var sum = 0;
      fieldset.querySelectorAll("input.points").forEach(function (input) {
        sum += check(input);
      });
      sum = Math.min(Math.max(sum, 0), parseFloat(fieldset.dataset.max));
      overall += sum;
      var out = fieldset.querySelector("output.dimension-total");
      if (out) out.textContent = format(sum);
    });
    var total = document.getElementById("total-overall");
    if (total) total.textContent = format(overall);
  }

  // The stars and why of the scores as typed, from the server's engine, a moment after the typing stops.
  var preview = document.getElementById("preview");
  var previewTimer = null;
  var previewRequest = 0;

  function showPreview(data) {
    var stars = document.getElementById("preview-stars");
    var why = document.getElementById("preview-why");
    stars.textContent = data.stars === null || data.stars === undefined ? "—" : String(data.stars);
    while (why.firstChild) why.removeChild(why.firstChild);
    (data.error ? [data.error] : data.lines).forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      why.appendChild(item);
    });
    preview.dataset.state = "fresh";
  }

  function requestPreview() {
    if (!preview) return;
    var number = ++previewRequest;
    preview.dataset.state = "pending";
    fetch(preview.dataset.url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && number === previewRequest) showPreview(data);
      })
      .catch(function () {
        preview.dataset.state = "failed";
      });
  }

  function schedulePreview() {
    if (!preview) return;
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(requestPreview, 350);
  }

  form.addEventListener("input", function (event) {
    if (event.target.classList.contains("points")) totals();
    schedulePreview();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") schedulePreview();
  });
  if (preview) requestPreview();
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName === "BUTTON") return;
    event.preventDefault();
    var index = inputs.indexOf(event.target);
    if (index >= 0 && index + 1 < inputs.length) inputs[index + 1].focus();
  });
})();
