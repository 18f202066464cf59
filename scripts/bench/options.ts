/** `npm run bench -- [flags]`: parsed and checked (pure). */

export const SECTIONS = ['engine', 'node-preview', 'server', 'peers', 'ui', 'soak', 'preview', 'events', 'staged', 'viewers', 'logs'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Real-cluster size. */
  nodes: number;
  agents: number;
  /** Engine benchmark sizes (nodes × agents). */
  engineSizes: [number, number][];
  soakMinutes: number;
  soakClients: number;
  /** SSE clients for the "watches must not grow" check. */
  manyClients: number;
  /** Repetitions behind each median. */
  repeats: number;
  /** Length of each API-request counting window (s). */
  windowS: number;
  viewers: number;
  /** How many browser-like viewers each arm of the viewers section runs, in order. */
  viewerCounts: number[];
  /** Which designs each viewer count runs: both for the A/B, or one to measure a change to it. */
  viewerDesigns: ('deltas' | 'refetch')[];
  refreshS: number;
  sections: Section[];
  clusterName: string;
  /** Leave the bench cluster running at the end (faster reruns while developing). */
  keepCluster: boolean;
  /** true: always `next build`; false: never (use .next as it is); undefined: when sources are newer. */
  build: boolean | undefined;
  outDir: string;
}

export const USAGE = `npm run bench -- [--quick] [--soak-minutes N] [--nodes N] [--agents N] [--only engine,node-preview,server,peers,ui,soak,preview,events,staged,viewers,logs]
                    [--viewer-counts 1,10,50] [--viewer-designs deltas,refetch] [--keep-cluster] [--build | --no-build] [--cluster-name NAME] [--out DIR]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const opts: BenchOptions = {
    quick,
    nodes: quick ? 200 : 1000,
    agents: 10,
    engineSizes: quick ? [[1000, 20]] : [[1000, 20], [5000, 20]],
    soakMinutes: quick ? 1 : 10,
    soakClients: 100,
    manyClients: 50,
    repeats: quick ? 5 : 20,
    windowS: quick ? 20 : 45,
    viewers: 10,
    viewerCounts: quick ? [1, 10] : [1, 10, 50],
    viewerDesigns: ['deltas', 'refetch'],
    refreshS: 10,
    sections: [...SECTIONS],
    clusterName: 'everynode-bench',
    keepCluster: false,
    build: undefined,
    outDir: 'bench-results',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const int = (min: number, max: number) => {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}, got "${v}"`);
      return n;
    };
    switch (flag) {
      case '--quick':
        break;
      case '--soak-minutes':
        opts.soakMinutes = int(0, 120);
        break;
      case '--nodes':
        opts.nodes = int(10, 10_000);
        break;
      case '--agents':
        opts.agents = int(1, 50);
        break;
      case '--only': {
        const wanted = value().split(',').map((s) => s.trim());
        const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
        if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
        opts.sections = SECTIONS.filter((s) => wanted.includes(s));
        break;
      }
      case '--viewer-counts': {
        const v = value();
        const counts = v.split(',').map(Number);
        if (!/^\d+(,\d+)*$/.test(v) || counts.some((n) => n < 1 || n > 200)) throw new Error(`--viewer-counts must be integers from 1 to 200, comma-separated, got "${v}"`);
        opts.viewerCounts = counts;
        break;
      }
      case '--viewer-designs': {
        const v = value();
        const designs = v.split(',');
        if (designs.length === 0 || designs.some((d) => d !== 'deltas' && d !== 'refetch') || new Set(designs).size !== designs.length) throw new Error(`--viewer-designs must be deltas, refetch or both, comma-separated, got "${v}"`);
        opts.viewerDesigns = designs as BenchOptions['viewerDesigns'];
        break;
      }
      case '--keep-cluster':
        opts.keepCluster = true;
        break;
      case '--build':
        opts.build = true;
        break;
      case '--no-build':
        opts.build = false;
        break;
      case '--cluster-name': {
        const name = value();
        if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(name)) throw new Error(`--cluster-name must be a DNS label, got "${name}"`);
        if (name === 'everynode') throw new Error('--cluster-name everynode is the tests\' shared cluster; pick another name');
        opts.clusterName = name;
        break;
      }
      case '--out':
        opts.outDir = value();
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return opts;
}

/** Does this run need the real cluster and the console? */
/** The engine and node-preview sections run in process. */
export const needsCluster = (o: BenchOptions) => o.sections.some((s) => s !== 'engine' && s !== 'node-preview');
