// The score sheet, quick as a spreadsheet and losing nothing typed: totals, stars and "filled n/m" as you type,
// inline checks per cell (outlined, with the message beside), Enter moves down, a block pasted from Excel fills
// the items below, evidence uploads without leaving the page, and leaving with unsaved changes asks first.
// The Chinese texts of the new messages come from the page (data-msg-*), translated on the server.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) return;
  var editable = form.dataset.editable === "1";
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.points"));
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr[data-code]"));
  var texts = document.getElementById("sheet-texts");

  function text(name, values) {
    var message = (texts && texts.dataset[name]) || "";
    Object.keys(values || {}).forEach(function (key) {
      message = message.replace("{" + key + "}", values[key]);
    });
    return message;
  }

  function parse(raw) {
    raw = raw.trim();
    if (raw === "") return { value: 0, empty: true };
    if (!/^-?\d+(\.\d+)?$/.test(raw)) return { error: "notnumber" };
    return { value: parseFloat(raw) };
  }

  // Check one cell: its message beside it, the cell outlined, and on the review sheet whether it differs from
  // the self-assessed points. Returns the points it adds to the total (0 when empty or wrong).
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
    var row = input.closest("tr");
    if (row) {
      row.classList.toggle("has-error", !!message);
      if (input.dataset.self !== undefined) {
        var differs = !message && !parsed.empty && (input.dataset.self === "" || parseFloat(input.dataset.self) !== parsed.value);
        row.classList.toggle("differs", differs);
      }
    }
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
    var filled = document.getElementById("filled-count");
    if (filled) {
      filled.textContent = String(inputs.filter(function (input) { return input.value.trim() !== ""; }).length);
    }
  }

  // The stars and why of the scores as typed, from the server's engine, a moment after the typing stops.
  var preview = document.getElementById("preview");
  var previewTimer = null;
  var previewRequest = 0;

  function showPreview(data) {
    var stars = document.getElementById("preview-stars");
    var why = document.getElementById("preview-why");
    if (stars) stars.textContent = data.stars === null || data.stars === undefined ? "—" : String(data.stars);
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

  // Unsaved changes: said in the bar, and leaving the page asks (saving or submitting the sheet does not).
  var dirty = false;
  var leaving = false;

  function markDirty() {
    if (!editable) return;
    dirty = true;
    var state = document.getElementById("dirty-state");
    if (state) state.textContent = text("dirty");
  }

  window.addEventListener("beforeunload", function (event) {
    if (!dirty || leaving) return;
    event.preventDefault();
    event.returnValue = text("leave");
    return event.returnValue;
  });
  form.addEventListener("submit", function () {
    leaving = true;
  });

  function isSheetField(target) {
    return target.form === form && target.type !== "file";
  }

  form.addEventListener("input", function (event) {
    if (!isSheetField(event.target)) return;
    markDirty();
    if (event.target.classList.contains("points")) totals();
    schedulePreview();
  });
  form.addEventListener("change", function (event) {
    if (!isSheetField(event.target)) return;
    markDirty();
    if (event.target.type === "checkbox") schedulePreview();
  });
  if (preview) requestPreview();
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName === "BUTTON") return;
    event.preventDefault();
    var index = inputs.indexOf(event.target);
    if (index >= 0 && index + 1 < inputs.length) inputs[index + 1].focus();
  });

  // A column or block copied from Excel (rows on lines, cells split by tabs) fills the rows from the cursor down:
  // the first column is the points (or the note, when pasted into a note), the second the note.
  form.addEventListener("paste", function (event) {
    var target = event.target;
    var intoPoints = target.classList.contains("points");
    if (!editable || !(intoPoints || target.classList.contains("note"))) return;
    var pasted = (event.clipboardData || window.clipboardData).getData("text");
    var lines = pasted.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
    if (lines.length === 1 && lines[0].indexOf("\t") < 0) return; // one cell: the browser pastes it
    event.preventDefault();
    var start = rows.indexOf(target.closest("tr"));
    var filled = 0;
    lines.forEach(function (line, offset) {
      var row = rows[start + offset];
      if (!row) return;
      var cells = line.split("\t");
      var points = row.querySelector("input.points");
      var note = row.querySelector("input.note");
      if (intoPoints) {
        points.value = cells[0].trim();
        if (cells.length > 1 && note) note.value = cells[1].trim();
      } else if (note) {
        note.value = cells[0].trim();
      }
      filled += 1;
    });
    totals();
    markDirty();
    schedulePreview();
    var status = document.getElementById("paste-status");
    if (status) {
      var message = text("pasted", { rows: filled });
      if (filled < lines.length) message += " " + text("overflow", { rows: lines.length - filled });
      status.textContent = message;
    }
    var wrong = form.querySelector("input.points[aria-invalid='true']");
    if (wrong) wrong.scrollIntoView({ block: "center" });
  });

  // Evidence: choosing a file uploads it at once and lists it under its item; the sheet stays as typed.
  var evidenceForm = document.getElementById("evidence-form");

  function upload(fileInput) {
    var code = fileInput.name.slice("file-".length);
    var status = document.getElementById("evidence-status-" + code);
    if (!fileInput.files.length) return;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", evidenceForm.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("code", code);
    body.append(fileInput.name, fileInput.files[0]);
    status.textContent = text("uploading");
    status.classList.remove("field-error");
    fetch(evidenceForm.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        if (data.error) {
          status.textContent = data.error;
          status.classList.add("field-error");
          return;
        }
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = data.file.url;
        link.textContent = data.file.name;
        item.appendChild(link);
        document.getElementById("files-" + code).appendChild(item);
        status.textContent = data.message;
        fileInput.value = "";
      })
      .catch(function () {
        status.textContent = text("uploadFailed");
        status.classList.add("field-error");
      });
  }

  if (evidenceForm) {
    form.classList.add("uploads-at-once");
    form.addEventListener("change", function (event) {
      if (event.target.type === "file") upload(event.target);
    });
  }

  var print = document.getElementById("print-sheet");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
