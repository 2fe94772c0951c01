// The little script of the staff pages. Everything works without it; it only adds:
// - data-live="<seconds>" on an element with an id: its content is refreshed from the same address every so many
//   seconds, unless the user is typing in a form on the page (nothing typed is ever thrown away);
// - data-confirm="<question>" on a form: asks before the form is sent;
// - data-print="<textarea id>" on a button: prints that text as typed (into the page's .print-only element), alone.
"use strict";
(function () {
  function busy() {
    var active = document.activeElement;
    return active && active.form !== undefined && active.form !== null;
  }

  document.querySelectorAll("[data-live][id]").forEach(function (region) {
    var seconds = parseInt(region.getAttribute("data-live"), 10);
    if (!(seconds > 0)) return;
    setInterval(function () {
      if (busy() || document.hidden) return;
      fetch(window.location.href, { credentials: "same-origin", headers: { "X-Horizont-Refresh": "1" } })
        .then(function (answer) { return answer.ok ? answer.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
          if (fresh && fresh.innerHTML !== region.innerHTML) region.innerHTML = fresh.innerHTML;
        })
        .catch(function () { /* the next round tries again */ });
    }, seconds * 1000);
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-print"));
      var target = document.querySelector(".print-only");
      if (!source || !target) return;
      target.textContent = source.value;
      document.body.classList.add("printing-document");
      window.print();
      document.body.classList.remove("printing-document");
    });
  });
})();
