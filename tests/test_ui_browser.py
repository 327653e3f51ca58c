"""The browse pages driven in headless Chromium against a real server on 127.0.0.1.

Skipped when Chromium or chromedriver is missing, unless ISNAD_REQUIRE_BROWSER=1 (CI),
in which case a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import LiveServer
from ui_synthetic import synth, synth_app  # noqa: F401

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("ISNAD_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ISNAD_CHROMEDRIVER", "/usr/bin/chromedriver")


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(path)):
            return f"{path} not found"
    return None


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("ISNAD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ISNAD_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--window-size=1280,1400", "--lang=ar",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def synth_live(synth_app):
    with LiveServer(synth_app) as server:
        yield server


def direction(driver) -> str:
    return driver.execute_script("return getComputedStyle(document.body).direction")


def wait_for_url(driver, part: str, timeout: float = 10.0) -> None:
    """Wait until a click or a submitted form has loaded a page whose URL contains ``part``.

    Reading elements straight after a click can see the old page; this waits for the new one
    and for its document to finish loading.
    """
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: part in d.current_url
        and d.execute_script("return document.readyState") == "complete")


def test_home_of_the_built_corpus_is_rtl(driver, live_server, tmp_path):
    driver.get(live_server.url + "/")
    assert direction(driver) == "rtl"
    assert driver.find_element("css selector", "html").get_attribute("lang") == "ar"
    driver.save_screenshot(str(tmp_path / "home.png"))


def test_facet_search_claim_speaker_flow(driver, synth_live, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(synth_live.url + "/claims")
    assert direction(driver) == "rtl"
    total = len(driver.find_elements(By.CSS_SELECTOR, "ol.claims li.claim"))
    assert total > 0

    facet = driver.find_element(By.CSS_SELECTOR, "#facet-speaker li a")
    facet_name = facet.find_element(By.CSS_SELECTOR, ".ar").text
    facet.click()
    wait_for_url(driver, "speaker=")
    speakers = {e.text for e in driver.find_elements(By.CSS_SELECTOR, "ol.claims .speaker .ar")}
    assert speakers == {facet_name}
    assert driver.find_elements(By.CSS_SELECTOR, "#facet-speaker li.selected")

    driver.get(synth_live.url + "/claims")
    box = driver.find_element(By.ID, "q")
    box.send_keys("الارهاب")  # typed without the hamza that is printed (الإرهاب)
    box.send_keys(Keys.ENTER)
    wait_for_url(driver, "q=")
    texts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "ol.claims a.text")]
    assert texts and all("الإرهاب" in t for t in texts)

    driver.find_element(By.CSS_SELECTOR, "ol.claims a.text").click()
    wait_for_url(driver, "/claims/")
    assert driver.find_element(By.CSS_SELECTOR, ".passage mark").text.strip()
    driver.find_element(By.CSS_SELECTOR, "dl.facts a[href^='/speakers/']").click()
    wait_for_url(driver, "/speakers/")
    assert direction(driver) == "rtl"
    assert driver.find_elements(By.CSS_SELECTOR, "ol.claims li.claim")
    shot = tmp_path / "speaker.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_speaker_page_with_chart_screenshot(driver, synth_live, tmp_path_factory):
    from selenium.webdriver.common.by import By

    driver.get(synth_live.url + "/speakers/sergey-lavrov")
    assert direction(driver) == "rtl"
    bars = driver.find_elements(By.CSS_SELECTOR, "svg.timeline rect.bar")
    assert bars and bars[0].size["height"] > 0
    label = driver.find_element(By.CSS_SELECTOR, "h1 .en")
    assert driver.execute_script("return getComputedStyle(arguments[0]).direction", label) == "ltr"
    out = Path(os.environ.get("ISNAD_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(out / "speaker-lavrov.png"))
    driver.get(synth_live.url + "/claims")
    driver.save_screenshot(str(out / "claims.png"))
