import sys, csv
def load(f):
    d = {}
    for line in open(f):
        p = line.rstrip('\n').split('\t')
        if len(p) == 5:
            d.setdefault((p[0], p[1], p[3]), {})[p[2]] = float(p[4])
    return d
for i in sys.argv[1:]:
    peers = load(f'peers-arrays-{i}.tsv'); ours = load(f'ours-arrays-{i}.tsv')
    print(f'run {i}')
    for (suite, case, metric), v in ours.items():
        o = v['parallel4j']
        pv = peers.get((suite, case, metric), {})
        if suite == 'arrays' and metric == 'time_ms':
            py = {k: x for k, x in pv.items() if k.startswith(('numpy', 'numexpr', 'numba'))}
            jv = {k: x for k, x in pv.items() if k.startswith('java-')}
            bp = min(py, key=py.get); bj = min(jv, key=jv.get)
            print(f'  {case:10s} {o:8.2f} ms  py {py[bp]:7.2f} ({bp}) {o/py[bp]:.2f}   java {jv[bj]:7.2f} ({bj}) {o/jv[bj]:.2f}')
        if suite == 'stream':
            c = pv.get('c-openmp')
            print(f'  stream {case:6s} {o:8.0f} MB/s  c {c:8.0f}  {o/c:.2f}')
