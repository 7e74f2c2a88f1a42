// Training pages: reading progress kept in localStorage, quizzes scored in the browser.
(function () {
  function key(track, item) { return "handbook:track:" + track + ":" + item; }

  function setupReadings(box) {
    var track = box.dataset.track;
    var items = box.querySelectorAll("input.track-item");
    function count() {
      var done = 0;
      items.forEach(function (input) { if (input.checked) done++; });
      box.querySelector(".track-done").textContent = done;
    }
    items.forEach(function (input) {
      input.checked = localStorage.getItem(key(track, input.dataset.item)) === "1";
      input.addEventListener("change", function () {
        if (input.checked) localStorage.setItem(key(track, input.dataset.item), "1");
        else localStorage.removeItem(key(track, input.dataset.item));
        count();
      });
    });
    count();
  }

  function chosen(question) {
    var values = [];
    question.querySelectorAll("input:checked").forEach(function (input) { values.push(input.value); });
    return values.sort().join("");
  }

  function setupQuiz(form) {
    var questions = form.querySelectorAll("fieldset.question");
    var result = form.querySelector(".quiz-result");
    form.querySelector(".quiz-submit").addEventListener("click", function () {
      var right = 0;
      questions.forEach(function (question) {
        var ok = chosen(question) === question.dataset.answer;
        if (ok) right++;
        question.classList.toggle("correct", ok);
        question.classList.toggle("wrong", !ok);
        var feedback = question.querySelector(".feedback");
        feedback.hidden = false;
        feedback.querySelector(".verdict").textContent = ok ? "✔ 回答正确。" : "✘ 回答错误。";
      });
      var percent = Math.round(100 * right / questions.length);
      var passed = percent >= Number(form.dataset.pass);
      result.textContent = "得分 " + percent + " 分（答对 " + right + " / " + questions.length + " 题），" +
        (passed ? "已通过。" : "未通过（" + form.dataset.pass + " 分及格），请重读相关条文后再试。");
      result.className = "quiz-result " + (passed ? "passed" : "failed");
    });
    form.querySelector(".quiz-reset").addEventListener("click", function () {
      questions.forEach(function (question) {
        question.classList.remove("correct", "wrong");
        question.querySelector(".feedback").hidden = true;
        question.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      });
      result.textContent = "";
      result.className = "quiz-result";
    });
  }

  function setup() {
    document.querySelectorAll(".track-readings").forEach(setupReadings);
    document.querySelectorAll("form.quiz").forEach(setupQuiz);
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
