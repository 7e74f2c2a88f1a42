// Training pages: reading progress kept in localStorage, quizzes scored in the browser.
// The page does not hold the right answers in readable form: a question carries a hash of
// key|answer (compared with the hash of the answer chosen) and its explanation sealed in base64,
// opened only on 交卷. Unanswered questions are pointed out before anything is scored.
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

  function check(key, answer) {  // FNV-1a, 32 bit, of the UTF-8 of key|answer (as site/renderer.py)
    var bytes = new TextEncoder().encode(key + "|" + answer), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function unseal(text) {
    var bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    return new TextDecoder().decode(bytes);
  }

  function chosen(question) {
    var values = [];
    question.querySelectorAll("input:checked").forEach(function (input) { values.push(input.value); });
    return values.sort().join("");
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  // The result slip's code: FNV-1a of track|edition|工号|姓名|score|date (signoff/slip.py checks it)
  function slipCode(parts) {
    var h = check(parts.slice(0, -1).join("|"), parts[parts.length - 1]);
    return h.slice(0, 4) + "-" + h.slice(4);
  }

  function setupSlip(form, score) {
    var slip = form.querySelector(".quiz-slip");
    if (!slip) return;
    slip.hidden = false;
    slip.dataset.score = score;
    slip.dataset.date = today();
    slip.querySelector(".slip-card").hidden = true;
  }

  function makeSlip(form) {
    var slip = form.querySelector(".quiz-slip");
    var id = slip.querySelector(".slip-id").value.trim(), name = slip.querySelector(".slip-name").value.trim();
    var missing = slip.querySelector(".slip-missing");
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id) || !name) {
      missing.hidden = false;
      missing.textContent = "请填写工号（字母、数字）和与花名册一致的姓名。";
      return;
    }
    missing.hidden = true;
    var track = form.dataset.track, edition = slip.dataset.edition, score = slip.dataset.score, date = slip.dataset.date;
    var code = slipCode([track, edition, id, name, score, date]);
    slip.querySelector(".slip-v-name").textContent = name;
    slip.querySelector(".slip-v-id").textContent = id;
    slip.querySelector(".slip-v-date").textContent = date;
    slip.querySelector(".slip-v-score").textContent = score + " 分";
    slip.querySelector(".slip-v-code").textContent = code;
    slip.querySelector(".slip-line").textContent = ["HB1 slip", track, edition, id, score, date, code].join(" ");
    slip.querySelector(".slip-card").hidden = false;
  }

  // Print the slip alone: a copy of it as the body's only shown child while printing
  function printSlip(form) {
    var copy = form.querySelector(".slip-card").cloneNode(true);
    copy.id = "slip-print";
    copy.className += " md-typeset";
    document.body.appendChild(copy);
    document.body.classList.add("slip-printing");
    window.addEventListener("afterprint", function done() {
      window.removeEventListener("afterprint", done);
      document.body.classList.remove("slip-printing");
      copy.remove();
    });
    window.print();
  }

  function setupQuiz(form) {
    var questions = form.querySelectorAll("fieldset.question");
    var result = form.querySelector(".quiz-result");
    var missingBox = form.querySelector(".quiz-missing");
    form.querySelector(".quiz-submit").addEventListener("click", function () {
      var missing = [];
      questions.forEach(function (question, i) {
        var empty = chosen(question) === "";
        question.classList.toggle("unanswered", empty);
        if (empty) missing.push(i + 1);
      });
      if (missing.length) {
        missingBox.hidden = false;
        missingBox.textContent = "还有 " + missing.length + " 题未作答（第 " + missing.join("、") + " 题），请作答后再交卷。";
        questions[missing[0] - 1].scrollIntoView({ block: "center" });
        return;
      }
      missingBox.hidden = true;
      var right = 0;
      questions.forEach(function (question) {
        var ok = check(question.dataset.key, chosen(question)) === question.dataset.check;
        if (ok) right++;
        question.classList.toggle("correct", ok);
        question.classList.toggle("wrong", !ok);
        var feedback = question.querySelector(".feedback");
        feedback.hidden = false;
        feedback.querySelector(".verdict").textContent = ok ? "✔ 回答正确。" : "✘ 回答错误。";
        var reveal = feedback.querySelector(".reveal");
        reveal.textContent = unseal(reveal.dataset.sealed);
      });
      var percent = Math.round(100 * right / questions.length);
      var passed = percent >= Number(form.dataset.pass);
      result.textContent = "得分 " + percent + " 分（答对 " + right + " / " + questions.length + " 题），" +
        (passed ? "已通过。" : "未通过（" + form.dataset.pass + " 分及格），请重读相关条文后再试。");
      result.className = "quiz-result " + (passed ? "passed" : "failed");
      setupSlip(form, percent);
    });
    var make = form.querySelector(".slip-make");
    if (make) make.addEventListener("click", function () { makeSlip(form); });
    var print = form.querySelector(".slip-print");
    if (print) print.addEventListener("click", function () { printSlip(form); });
    form.querySelector(".quiz-reset").addEventListener("click", function () {
      questions.forEach(function (question) {
        question.classList.remove("correct", "wrong", "unanswered");
        question.querySelector(".feedback").hidden = true;
        question.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      });
      result.textContent = "";
      result.className = "quiz-result";
      missingBox.hidden = true;
      var slip = form.querySelector(".quiz-slip");
      if (slip) slip.hidden = true;
    });
  }

  function once(element, fn) {
    if (element.dataset.ready) return;
    element.dataset.ready = "1";
    fn(element);
  }

  function setup() {
    document.querySelectorAll(".track-readings").forEach(function (box) { once(box, setupReadings); });
    document.querySelectorAll("form.quiz").forEach(function (form) { once(form, setupQuiz); });
  }
  // Material's document$ emits on each instant navigation, but not when the site is opened from
  // file://; run on load as well (each element is set up once).
  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
