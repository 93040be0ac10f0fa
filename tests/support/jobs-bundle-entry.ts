// Bundled by jobs-bundle.test.ts the way the hosts are: runs jobs from the bundle's worker file.
import { runJob } from '../../db/src/jobs/run-job';

async function main() {
  const path = process.argv[2]!;
  const progress: number[] = [];
  const verified = await runJob('audit.verify', { dbPath: path }, { onProgress: (p) => progress.push(p.rows) });
  const checked = await runJob('integrity.check', { path });
  console.log(JSON.stringify({ verified, checked, progress: progress.length }));
}
void main();
