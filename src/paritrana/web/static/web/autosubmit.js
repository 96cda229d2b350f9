// A <select data-autosubmit> submits its form when changed. Kept in a file, not in onchange
// attributes, so the strict content security policy can forbid inline scripts.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
    target.form.submit();
  }
});
