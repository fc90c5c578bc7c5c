// The station page: scans (USB scanner, camera, typed id), the answer, the queue kept while the
// server cannot be reached, search, undo and the day's counters. Text from the server is put in
// with textContent only, never as HTML.
"use strict";

const office = document.querySelector('meta[name="office"]').content;
const csrf = document.querySelector('meta[name="csrf"]').content;
const api = "/api/stasiun/" + encodeURIComponent(office);
const queueKey = "papila-antrian-" + office;
const $ = (id) => document.getElementById(id);
const field = $("kode");

const outcomeWords = {
  valid: "sah",
  already_checked_in: "sudah hadir",
  not_today: "bukan harinya (diterima)",
  replaced: "surat lama, jadwal dipindah (diterima)",
  forged: "palsu",
  wrong_campaign: "kegiatan lain",
  cancelled: "dibatalkan",
  malformed: "tidak terbaca",
  undone: "kehadiran dibatalkan",
};

function post(path, body) {
  return fetch(api + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
}

function nonce() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- the answer -------------------------------------------------------------------------
let clearTimer = null;
function show(tone, title, lines) {
  const box = $("jawaban");
  box.className = "jawaban " + tone;
  box.replaceChildren();
  const h = document.createElement("p");
  h.className = "judul";
  h.textContent = title;
  box.append(h);
  for (const [cls, text] of lines) {
    if (!text) continue;
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    box.append(p);
  }
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    box.className = "jawaban kosong";
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "judul", textContent: "Siap memindai" }));
  }, 20000);
}

function showAnswer(a) {
  show(a.tone, a.title, [
    ["nama", a.name],
    ["desa", a.village ? "Desa/Kel. " + a.village : ""],
    ["sesi", a.session],
    ["rinci", a.detail],
    ["rinci", a.again ? "(Pindaian ini sudah diterima sebelumnya.)" : ""],
  ]);
  if (window.papilaBunyi) window.papilaBunyi(a.tone);
}

// ---- scanning and the offline queue ------------------------------------------------------
function queue() {
  try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
}
function saveQueue(q) {
  localStorage.setItem(queueKey, JSON.stringify(q));
  const n = q.length;
  $("antrian").hidden = n === 0;
  $("antrian").textContent = n + " menunggu";
}
function online(yes) {
  const s = $("jaringan");
  s.className = yes ? "online" : "offline";
  s.textContent = yes ? "Terhubung" : "Tidak terhubung — pindaian disimpan";
}

// Sends one scan; true when the server answered it for good (recorded or refused), false when it
// must wait in the queue (no network, server down or failing).
async function send(item, showIt) {
  let response;
  try {
    response = await post("/pindai", { line: item.line, nonce: item.nonce, age_ms: Date.now() - item.t });
  } catch (e) {
    online(false);
    return false;
  }
  online(true);
  // Signed out, expired, or a new code: the scan waits in the queue for the next sign-in.
  if (response.status === 401) {
    $("sesi-habis").hidden = false;
    return false;
  }
  if (response.status >= 500 || response.status === 403) return false;
  if (!response.ok) {
    const err = await response.json().catch(() => ({}));
    if (showIt) show("refused", "DITOLAK", [["rinci", err.error || "Pindaian ditolak."]]);
    return true;
  }
  const answer = await response.json();
  if (showIt) showAnswer(answer);
  return true;
}

let flushing = false;
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    let q = queue();
    while (q.length) {
      if (!(await send(q[0], false))) break;
      q = queue().filter((i) => i.nonce !== q[0].nonce);
      saveQueue(q);
    }
    if (!q.length) refresh();
  } finally {
    flushing = false;
  }
}

async function scan(line) {
  line = line.trim();
  if (!line) return;
  const item = { line: line, nonce: nonce(), t: Date.now() };
  // Scans already waiting go first, so the ledger sees them in the order they were made.
  if (queue().length) {
    saveQueue(queue().concat([item]));
    show("menunggu", "DISIMPAN", [["rinci", "Server belum terhubung: pindaian disimpan dan dikirim otomatis."]]);
    flush();
    return;
  }
  if (!(await send(item, true))) {
    saveQueue(queue().concat([item]));
    show("menunggu", "DISIMPAN", [["rinci", "Server belum terhubung: pindaian disimpan dan dikirim otomatis."]]);
  }
  refresh();
}

$("form-pindai").addEventListener("submit", (e) => {
  e.preventDefault();
  const line = field.value;
  field.value = "";
  scan(line);
});

// A USB scanner types into whatever has focus: the scan field takes it back unless staff are
// typing elsewhere (search, undo reason).
function refocus() {
  const a = document.activeElement;
  const busy = a && a !== field && (a.tagName === "INPUT" || a.tagName === "BUTTON" && a.closest("dialog"));
  if (!busy && !$("batal-dialog").open) field.focus();
}
document.addEventListener("click", () => setTimeout(refocus, 0));
setInterval(refocus, 2000);

// ---- counters and latest scans -----------------------------------------------------------
let refreshTimer = null;
function refresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(loadCounters, 300);
}

async function loadCounters() {
  let c;
  try {
    const r = await fetch(api + "/angka", { credentials: "same-origin" });
    if (!r.ok) return;
    c = await r.json();
    online(true);
  } catch (e) {
    online(false);
    return;
  }
  $("n-terjadwal").textContent = c.booked;
  $("n-hadir").textContent = c.arrived;
  $("n-sisa").textContent = c.remaining;
  $("n-15").textContent = c.last_15_min;
  const body = $("sesi").tBodies[0];
  body.replaceChildren(...c.sessions.map((s) => row([s.session, s.booked, s.arrived, s.remaining])));
  // Redrawn only when it changed: an "Batalkan" button must not vanish under a finger.
  const latest = JSON.stringify(c.latest);
  if (latest !== shownLatest) {
    shownLatest = latest;
    $("terakhir").replaceChildren(...c.latest.map(latestItem));
  }
}
let shownLatest = "";

function row(cells) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement("td");
    td.textContent = c;
    tr.append(td);
  }
  return tr;
}

function latestItem(s) {
  const li = document.createElement("li");
  li.className = "o-" + s.outcome;
  let text = s.time + " · " + (outcomeWords[s.outcome] || s.outcome);
  if (s.name) text += " · " + s.name;
  if (s.id) text += " (" + s.id + ")";
  if (s.outcome === "undone" && s.reason) text += " — alasan: " + s.reason;
  li.append(document.createTextNode(text));
  if ((s.outcome === "valid" || s.outcome === "not_today") && s.id) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "kecil";
    b.textContent = "Batalkan";
    b.addEventListener("click", () => askUndo(s.id, s.name || s.id));
    li.append(" ", b);
  }
  return li;
}

// ---- undo --------------------------------------------------------------------------------
function askUndo(id, name) {
  const d = $("batal-dialog");
  $("batal-nama").textContent = name;
  $("batal-alasan").value = "";
  d.returnValue = "";
  d.onclose = async () => {
    if (d.returnValue !== "ya") return;
    const r = await post("/batal", { id: id, reason: $("batal-alasan").value });
    const body = await r.json().catch(() => ({}));
    if (r.ok) show("menunggu", "KEHADIRAN DIBATALKAN", [["nama", name], ["rinci", "Alasan dicatat di riwayat."]]);
    else show("refused", "TIDAK DIBATALKAN", [["rinci", body.error || "Gagal."]]);
    field.focus();
    refresh();
  };
  d.showModal();
  $("batal-alasan").focus();
}

// ---- search for a lost letter ------------------------------------------------------------
$("form-cari").addEventListener("submit", async (e) => {
  e.preventDefault();
  const list = $("cari-hasil");
  list.replaceChildren();
  let r;
  try {
    r = await post("/cari", { name: $("cari-nama").value, birth: $("cari-lahir").value });
  } catch (err) {
    $("cari-pesan").textContent = "Server tidak terhubung: cari lagi nanti.";
    return;
  }
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    $("cari-pesan").textContent = body.error || "Pencarian gagal.";
    return;
  }
  $("cari-pesan").textContent = body.length ? body.length + " ditemukan" : "Tidak ditemukan di kantor ini.";
  const searched = { name: $("cari-nama").value, birth: $("cari-lahir").value };
  for (const m of body) {
    const li = document.createElement("li");
    li.textContent = m.name + " · NIK " + m.nik + " · " + m.village + ", " + m.rt_rw + " · " + m.session +
      (m.checked_in ? " · sudah hadir " + m.checked_in : "");
    const done = () => {
      list.replaceChildren();
      $("cari-pesan").textContent = "";
      field.focus();
    };
    if (m.id && !m.checked_in) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Catat hadir";
      b.addEventListener("click", () => {
        scan(m.id);
        done();
      });
      li.append(" ", b);
    } else if (m.walk_in) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Catat datang langsung";
      b.addEventListener("click", async () => {
        done();
        let r;
        try {
          r = await post("/datang", Object.assign({ walk_in: m.walk_in }, searched));
        } catch (err) {
          show("menunggu", "TIDAK TERCATAT", [["rinci", "Server tidak terhubung: cari dan catat lagi nanti."]]);
          return;
        }
        const a = await r.json().catch(() => ({}));
        if (r.ok) showAnswer(a);
        else show("refused", "TIDAK TERCATAT", [["rinci", a.error || "Gagal."]]);
        refresh();
      });
      li.append(" ", b);
    }
    list.append(li);
  }
});

// ---- camera ------------------------------------------------------------------------------
let stream = null;
let lastCode = "";
let lastAt = 0;
async function startCamera() {
  const msg = $("kamera-pesan");
  $("kamera-panel").hidden = false;
  if (!window.isSecureContext || !navigator.mediaDevices) {
    msg.textContent = "Kamera hanya bisa dipakai lewat HTTPS (papila serve --tls) atau di komputer ini sendiri. Pakai pemindai USB atau ketik kodenya.";
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch (e) {
    msg.textContent = "Kamera tidak bisa dibuka: izinkan kamera untuk halaman ini, atau pakai pemindai USB.";
    return;
  }
  const video = $("video");
  video.srcObject = stream;
  await video.play();
  msg.textContent = "Arahkan kamera ke kode QR surat.";
  const decode = await decoder();
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const tick = async () => {
    if (!stream) return;
    if (video.readyState >= 2) {
      const text = await decode(video, canvas, ctx);
      const now = Date.now();
      if (text && (text !== lastCode || now - lastAt > 4000)) {
        lastCode = text;
        lastAt = now;
        scan(text);
      }
    }
    setTimeout(tick, 250);
  };
  tick();
}

// BarcodeDetector where the browser has it (Chrome on Android), else jsQR served by papila.
async function decoder() {
  if ("BarcodeDetector" in window) {
    try {
      const d = new window.BarcodeDetector({ formats: ["qr_code"] });
      return async (video) => {
        const codes = await d.detect(video).catch(() => []);
        return codes.length ? codes[0].rawValue : null;
      };
    } catch (e) { /* fall through */ }
  }
  if (!window.jsQR) {
    await new Promise((ok, fail) => {
      const s = document.createElement("script");
      s.src = "/aset/jsQR.js";
      s.onload = ok;
      s.onerror = fail;
      document.head.append(s);
    });
  }
  return async (video, canvas, ctx) => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  };
}

function stopCamera() {
  if (stream) stream.getTracks().forEach((t) => t.stop());
  stream = null;
  $("kamera-panel").hidden = true;
}
$("kamera").addEventListener("click", startCamera);
$("kamera-tutup").addEventListener("click", stopCamera);

// ---- signing out -------------------------------------------------------------------------
$("keluar").addEventListener("click", async () => {
  if (queue().length && !confirm("Masih ada pindaian yang menunggu. Keluar juga? (Pindaian tetap tersimpan di perangkat ini.)")) return;
  await fetch("/keluar", { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });
  location.href = "/masuk";
});
$("keluar-semua").addEventListener("click", async () => {
  if (!confirm("Akhiri sesi SEMUA perangkat stasiun ini, termasuk perangkat ini?")) return;
  const r = await post("/keluar-semua", {});
  const body = await r.json().catch(() => ({}));
  if (r.ok) location.href = "/masuk";
  else show("refused", "GAGAL", [["rinci", body.error || "Gagal."]]);
});

// ---- sound -------------------------------------------------------------------------------
const sound = $("bunyi");
sound.checked = localStorage.getItem("papila-bunyi") === "1";
window.papilaBunyiOn = () => sound.checked;
sound.addEventListener("change", () => localStorage.setItem("papila-bunyi", sound.checked ? "1" : "0"));

// ---- live --------------------------------------------------------------------------------
function listen() {
  const events = new EventSource("/api/peristiwa");
  events.addEventListener("berubah", refresh);
  events.onopen = () => { online(true); flush(); };
}

saveQueue(queue());
loadCounters();
listen();
setInterval(flush, 3000);
setInterval(loadCounters, 30000);
window.addEventListener("online", flush);
