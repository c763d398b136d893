// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // The main navigation's groups: one open at a time, closed by a click elsewhere or Escape; the group holding
  // the current page is marked.
  var groups = document.querySelectorAll(".mainnav details.navgroup");
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
    group.querySelectorAll("a").forEach(function (link) {
      if (link.pathname === window.location.pathname) {
        link.setAttribute("aria-current", "page");
        group.classList.add("current");
      }
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (!group.contains(event.target)) group.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") groups.forEach(function (group) { group.open = false; });
  });

  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Irreversible actions ask first. A form, or the button that submits it, carries data-confirm with the
  // sentence to ask ("提交后……，共 3 个组织。确定吗？"); cancelling submits nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.dataset.confirm) || form.dataset.confirm;
    // data-confirm-field/-value: ask only when that field has that value (a veto, not every opinion).
    var field = form.dataset.confirmField && form.elements[form.dataset.confirmField];
    if (field && field.value !== form.dataset.confirmValue) question = "";
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
});
