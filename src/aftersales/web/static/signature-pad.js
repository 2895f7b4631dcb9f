/* The customer signs on the tablet: a canvas pad that puts a PNG data URL into the hidden
   field when its form is sent. Used by every page with #signature-pad, #signature-data and
   #signature-clear; without JavaScript the page's other confirmation still works. */
(function () {
  var pad = document.getElementById("signature-pad"), out = document.getElementById("signature-data");
  if (!pad || !pad.getContext || !out) return;
  var ctx = pad.getContext("2d"), drawing = false, inked = false;
  ctx.lineWidth = 2; ctx.lineCap = "round";
  function at(e) { var r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height]; }
  pad.addEventListener("pointerdown", function (e) { drawing = true; var p = at(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]); pad.setPointerCapture(e.pointerId); });
  pad.addEventListener("pointermove", function (e) { if (!drawing) return; var p = at(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); inked = true; });
  pad.addEventListener("pointerup", function () { drawing = false; });
  document.getElementById("signature-clear").addEventListener("click", function () { ctx.clearRect(0, 0, pad.width, pad.height); inked = false; out.value = ""; });
  pad.closest("form").addEventListener("submit", function () { if (inked) out.value = pad.toDataURL("image/png"); });
})();
