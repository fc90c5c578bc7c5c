// Tones for a scan's answer, made with WebAudio (no sound files): one high beep for valid, two
// for already checked in, a low buzz for refused. Off unless staff turn it on.
"use strict";
(function () {
  let ctx = null;
  function tone(freq, start, length) {
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = freq;
    g.gain.value = 0.2;
    o.connect(g).connect(ctx.destination);
    o.start(ctx.currentTime + start);
    o.stop(ctx.currentTime + start + length);
  }
  window.papilaBunyi = function (kind) {
    if (!window.papilaBunyiOn || !window.papilaBunyiOn()) return;
    try {
      ctx = ctx || new (window.AudioContext || window.webkitAudioContext)();
      if (kind === "ok") tone(1200, 0, 0.15);
      else if (kind === "used" || kind === "other-day") { tone(900, 0, 0.12); tone(900, 0.2, 0.12); }
      else tone(220, 0, 0.5);
    } catch (e) { /* no audio: nothing to do */ }
  };
})();
