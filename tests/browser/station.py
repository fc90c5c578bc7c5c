#!/usr/bin/env python3
"""Drives the station page and the district view of `papila serve` in a real headless Chromium
(Debian's chromium and chromium-driver, through Selenium's WebDriver), as tests/browser.rs asks:

    python3 tests/browser/station.py SPEC.json

SPEC names the papila binary, the campaign folder, the day, and the people to scan (their printed
tokens, made by the Rust test with the campaign's key). Each step waits for what a clerk would see
and fails with a message naming the step; the exit status is 0 only if every step passed.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SPEC = json.load(open(sys.argv[1]))
STEP = ["start"]


def step(name):
    STEP[0] = name
    print("step:", name, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"


def start_server():
    env = dict(os.environ, PAPILA_TODAY=SPEC["day"], PAPILA_TIME="09:00", NO_COLOR="1",
               PAPILA_LANG="id")
    proc = subprocess.Popen(
        [SPEC["bin"], "serve", "-c", "papila.toml", "--listen", f"127.0.0.1:{PORT}"],
        cwd=SPEC["dir"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    codes = {}
    for line in proc.stdout:
        words = line.split()
        if "kode" in words:
            who = "distrik" if words[0] == "Tampilan" else words[1]
            codes[who] = words[words.index("kode") + 1]
        if line.startswith("Berikan"):
            break
    return proc, codes


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = SPEC.get("chromium", "/usr/bin/chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--window-size=1200,1500", "--lang=id"]:
        options.add_argument(flag)
    service = Service(SPEC.get("chromedriver", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def wait(driver, what, predicate, seconds=15):
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.1).until(lambda d: predicate(d))
    except TimeoutException:
        raise SystemExit(f"step {STEP[0]}: timed out waiting for {what}; page says:\n"
                         + driver.find_element(By.TAG_NAME, "body").text[:2000])


def answer(driver):
    box = driver.find_element(By.ID, "jawaban")
    return box.get_attribute("class"), box.text


def scan(driver, line):
    field = driver.find_element(By.ID, "kode")
    # A USB scanner types the characters and an Enter into whatever has focus: the page must have
    # given it back to the scan field (it does on every click and when a dialog closes).
    wait(driver, "the scan field to have focus", lambda d: d.switch_to.active_element == field, 3)
    field.send_keys(line + Keys.ENTER)


def scan_and_see(driver, line, tone, text):
    before = answer(driver)
    scan(driver, line)
    return wait(driver, f"a {tone} answer with {text!r}",
                lambda d: answer(d) != before and tone in answer(d)[0].split() and text in answer(d)[1]
                and answer(d))


def kesugihan_arrived(district):
    """The arrivals the district table shows for the office, read in one go (the table is redrawn
    when a station records a scan)."""
    return district.execute_script("""
        for (const row of document.querySelectorAll('#hari-ini tbody tr')) {
            const cells = Array.from(row.cells, (c) => c.textContent);
            if (cells[0] === arguments[0]) return parseInt(cells[2], 10);
        }
        return null;""", SPEC["office_name"])


def main():
    people = SPEC["people"]
    server, codes = start_server()
    station = browser()
    district = browser()
    try:
        step("sign in")
        station.get(f"{BASE}/masuk")
        station.find_element(By.ID, "kode").send_keys(codes["kesugihan"] + Keys.ENTER)
        wait(station, "the station page", lambda d: "/stasiun/kesugihan" in d.current_url)
        wait(station, "the counters", lambda d: d.find_element(By.ID, "n-terjadwal").text != "–")
        district.get(f"{BASE}/masuk?kode={codes['distrik']}")
        wait(district, "the district table", lambda d: kesugihan_arrived(d) is not None)
        assert kesugihan_arrived(district) == 0

        step("a printed token: green with the name")
        scan_and_see(station, people[0]["token"], "ok", people[0]["name"])
        step("the district view's count moves after the scan, without a reload")
        wait(district, "1 arrival at Kesugihan", lambda d: kesugihan_arrived(d) == 1)
        if SPEC.get("shots"):
            station.save_screenshot(os.path.join(SPEC["shots"], "station.png"))

        step("the same token again: orange")
        scan_and_see(station, people[0]["token"], "used", "SUDAH HADIR")
        step("a tampered token: red")
        scan_and_see(station, SPEC["tampered"], "refused", "palsu")
        step("an old letter of a moved appointment: amber, naming the new session")
        _, said = scan_and_see(station, SPEC["replaced"], "other-day", "SURAT LAMA")
        assert "Senin, 1 Juli 2024" in said, f"the new appointment is not named: {said}"
        wait(district, "2 arrivals at Kesugihan", lambda d: kesugihan_arrived(d) == 2)
        step("the 8-character id typed by hand")
        scan_and_see(station, people[1]["id"].lower(), "ok", people[1]["name"])

        step("search by name and birth date finds the person")
        station.find_element(By.ID, "cari-nama").send_keys(SPEC["search"]["name"])
        birth = station.find_element(By.ID, "cari-lahir")
        station.execute_script("arguments[0].value = arguments[1]", birth, SPEC["search"]["birth"])
        station.find_element(By.CSS_SELECTOR, "#form-cari button").click()
        wait(station, "a search result", lambda d: SPEC["search"]["expect"] in d.find_element(By.ID, "cari-hasil").text)
        found = station.find_element(By.ID, "cari-hasil").text
        assert "********" in found, f"the NIK is not masked: {found}"

        step("an undo is listed")
        def click_undo(d):
            try:
                buttons = d.find_elements(By.CSS_SELECTOR, "#terakhir li.o-valid button")
                if buttons:
                    buttons[0].click()
                    return True
            except StaleElementReferenceException:
                pass
            return False
        wait(station, "an undo button to click", click_undo)
        wait(station, "the undo dialog", lambda d: d.find_element(By.ID, "batal-dialog").is_displayed())
        station.find_element(By.ID, "batal-alasan").send_keys("salah pindai, uji")
        station.find_element(By.ID, "batal-ya").click()
        wait(station, "the undone scan in the list",
             lambda d: "kehadiran dibatalkan" in d.find_element(By.ID, "terakhir").text
             and "salah pindai, uji" in d.find_element(By.ID, "terakhir").text)
        wait(district, "the district count after the undo", lambda d: kesugihan_arrived(d) == 2)

        step("the server stops: a scan queues")
        server.kill()
        server.wait()
        scan_and_see(station, people[2]["token"], "menunggu", "DISIMPAN")
        wait(station, "1 menunggu", lambda d: d.find_element(By.ID, "antrian").text == "1 menunggu")
        assert "Tidak terhubung" in station.find_element(By.ID, "jaringan").text

        step("the server is back: the queue is sent and recorded once")
        server, codes = start_server()
        wait(station, "the queue emptied", lambda d: not d.find_element(By.ID, "antrian").is_displayed(), 30)
        wait(station, "the queued person among the latest scans",
             lambda d: people[2]["name"] in d.find_element(By.ID, "terakhir").text, 15)
        # Sent once: the queue holds nothing that could be sent again.
        left = station.execute_script("return localStorage.getItem('papila-antrian-kesugihan')")
        assert left == "[]", f"the queue still holds {left}"
        district.refresh()
        wait(district, "the district count after the queue", lambda d: kesugihan_arrived(d) == 3)
        if SPEC.get("shots"):
            district.save_screenshot(os.path.join(SPEC["shots"], "district.png"))
        step("the page's own QR decoder (jsQR, served by papila) reads a printed letter")
        with open(SPEC["qr_png"], "rb") as f:
            picture = "data:image/png;base64," + base64.b64encode(f.read()).decode()
        station.set_script_timeout(20)
        read = station.execute_async_script("""
            const [picture, done] = arguments;
            const decode = () => {
                const img = new Image();
                img.onload = () => {
                    const canvas = document.createElement('canvas');
                    canvas.width = img.width;
                    canvas.height = img.height;
                    const ctx = canvas.getContext('2d');
                    ctx.drawImage(img, 0, 0);
                    const data = ctx.getImageData(0, 0, img.width, img.height);
                    const code = window.jsQR(data.data, img.width, img.height);
                    done(code ? code.data : null);
                };
                img.src = picture;
            };
            if (window.jsQR) { decode(); return; }
            const s = document.createElement('script');
            s.src = '/aset/jsQR.js';
            s.onload = decode;
            s.onerror = () => done('no decoder');
            document.head.append(s);""", picture)
        assert read == SPEC["qr_token"], f"jsQR read {read!r}, zbarimg {SPEC['qr_token']!r}"
        scan(station, read)
        wait(station, "an answer naming the letter's person",
             lambda d: answer(d)[0].split()[-1] in ("ok", "used") and "Desa/Kel." in answer(d)[1])
        step("on a phone (390 x 844) neither page scrolls sideways as a whole")
        for driver, name in ((station, "station"), (district, "district")):
            driver.set_window_size(390, 844)
            driver.refresh()
            time.sleep(1.5)
            wide, inner = driver.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            assert wide <= inner, f"the {name} page is {wide}px wide in a {inner}px window"
            if SPEC.get("shots"):
                driver.save_screenshot(os.path.join(SPEC["shots"], f"{name}-phone.png"))
        print("all steps passed", flush=True)
    finally:
        station.quit()
        district.quit()
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
