// Tandem's progressive enhancement. Every page works without it.
(function () {
  'use strict';
  // Move focus to the error summary, so screen readers announce it.
  var summary = document.querySelector('[data-autofocus]');
  if (summary) summary.focus();
  // Ask before destructive actions (forms marked data-confirm).
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
})();
