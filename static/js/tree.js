// The organization tree: a node's ＋ button loads its children once (htmx) and from then on shows or hides
// them; an expanded node shows －, carries aria-expanded="true" and is marked by the "expanded" class.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".tree button.toggle");
  if (!button) {
    return;
  }
  var expanded = button.getAttribute("aria-expanded") === "true";
  var children = document.getElementById(button.getAttribute("aria-controls"));
  button.setAttribute("aria-expanded", expanded ? "false" : "true");
  button.textContent = expanded ? "＋" : "－";
  button.closest("li").classList.toggle("expanded", !expanded);
  if (children) {
    children.hidden = expanded;
  }
});
