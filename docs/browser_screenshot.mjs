// Look at the graph as a user would: open the Neo4j Browser in headless Chromium, connect,
// run a starter query from the README, and save docs/browser.png.
// Needs: Debian's chromium, `npm install playwright-core` (no browser download), a server
// with the seeds loaded (graphbuild neo4j start && graphbuild load --out out).
//   NEO4J_PASSWORD=... node docs/browser_screenshot.mjs [http://127.0.0.1:7474/browser/]
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const url = process.argv[2] ?? "http://127.0.0.1:7474/browser/";
const query = "MATCH g = (i)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(:Organization) RETURN g " +
  "UNION MATCH g = (:Person)-[:WORKS_AT]->(:Organization {name: 'Factory'}) RETURN g";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(url);
const password = page.locator("input[data-testid='password']");
if (await password.isVisible({ timeout: 15000 }).catch(() => false)) {
  await page.locator("input[data-testid='boltaddress']").fill("bolt://127.0.0.1:7687");
  await page.locator("input[data-testid='username']").fill(process.env.NEO4J_USER ?? "neo4j");
  await password.fill(process.env.NEO4J_PASSWORD ?? "");
  await page.locator("button[data-testid='connect']").click();
}
await page.waitForSelector("[data-testid='frameCommand']", { timeout: 30000 }).catch(() => {});
const style = readFileSync(new URL("../schema/browser-style.grass", import.meta.url), "utf8")
  .replace(/\/\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ");
const editor = page.locator(".monaco-editor textarea").first();
for (const command of [":clear", `:style ${style}`, ":clear", query]) {
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(command);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(2000);
}
await page.waitForTimeout(5000);
await page.screenshot({ path: new URL("./browser.png", import.meta.url).pathname });
await browser.close();
