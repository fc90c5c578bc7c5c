// The district view: today's figures per office and the campaign's coverage, refreshed when a
// station records a scan (server-sent events) and every 30 s.
"use strict";
const $ = (id) => document.getElementById(id);

function row(cells, link) {
  const tr = document.createElement("tr");
  cells.forEach((c, i) => {
    const td = document.createElement("td");
    if (link && i === cells.length - 1) {
      const a = document.createElement("a");
      a.href = link;
      a.textContent = "buka stasiun";
      td.append(a);
    } else {
      td.textContent = c;
    }
    tr.append(td);
  });
  return tr;
}

function coverage(l) {
  return [l.name, l.invited, l.attended, l.no_show, l.pending, l.overflow, l.recorded_pct.toFixed(1) + "%"];
}

async function load() {
  let f;
  try {
    const r = await fetch("/api/distrik", { credentials: "same-origin" });
    if (!r.ok) return;
    f = await r.json();
    $("jaringan").className = "online";
    $("jaringan").textContent = "Terhubung";
  } catch (e) {
    $("jaringan").className = "offline";
    $("jaringan").textContent = "Tidak terhubung";
    return;
  }
  $("hari-ini").tBodies[0].replaceChildren(
    ...f.today.map((o) => row([o.name, o.booked, o.arrived, o.booked - o.arrived, o.others, ""], o.station)));
  $("kecamatan").tBodies[0].replaceChildren(...f.kecamatan.map((k) => row(coverage(k))));
  $("kecamatan").tFoot.replaceChildren(row(coverage(f.total)));
  $("kantor").tBodies[0].replaceChildren(...f.offices.map((o) => row(coverage(o))));
  // Schools and teams (jemput bola): shown only when the campaign has them.
  for (const [id, lines] of [["sekolah", f.schools], ["tim", f.teams]]) {
    $(id).tBodies[0].replaceChildren(...lines.map((l) => row(coverage(l))));
    $(id).closest("section").hidden = lines.length === 0;
  }
}

let timer = null;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(load, 500);
}
const events = new EventSource("/api/peristiwa");
events.addEventListener("berubah", soon);
load();
setInterval(load, 30000);
