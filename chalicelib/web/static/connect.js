// Progressive enhancement of the Connect form: questions for a department or role appear only
// once that department or role is chosen. Without this script every question is shown, each
// saying which department or role it is for, and the form works the same.
(function () {
  "use strict";
  // A form's error summary takes the focus, so it is read out first (every form page).
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var form = document.getElementById("connect-form");
  if (!form) return;
  function chosen() {
    var values = {};
    form.querySelectorAll("input[name=departments]:checked, input[name=roles]:checked").forEach(function (box) {
      values[box.value] = true;
    });
    return values;
  }
  function update() {
    var picked = chosen();
    form.querySelectorAll(".question").forEach(function (question) {
      var target = question.getAttribute("data-for");
      question.hidden = question.getAttribute("data-level") !== "general" && !picked[target];
      // A hidden question is not asked: its answer is not sent either.
      question.querySelectorAll("input, textarea, select").forEach(function (control) {
        control.disabled = question.hidden;
      });
    });
  }
  form.addEventListener("change", update);
  update();
})();
