/**
 * Runs {@link pacedLoad} in a process of its own and prints its result as JSON, so the load
 * generator's timing is not disturbed by the benchmark driver's heap (autocannon's histograms
 * and earlier runs) or its garbage collection.
 * Usage: tsx bench/paced-cli.ts <url> <rate> <durationS> [header=value ...]
 */
import { pacedLoad } from "./paced";

const [url, rate, duration, ...headerArgs] = process.argv.slice(2);
if (!url || !rate || !duration) {
  console.error("usage: tsx bench/paced-cli.ts <url> <rate> <durationS> [header=value ...]");
  process.exit(2);
}
const headers = Object.fromEntries(
  headerArgs.map((h) => {
    const i = h.indexOf("=");
    return [h.slice(0, i), h.slice(i + 1)];
  }),
);
pacedLoad(url, { rate: Number(rate), durationS: Number(duration), headers }).then((r) => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
});
