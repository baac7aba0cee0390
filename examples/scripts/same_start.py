"""Writes the initial weights of ../shared/anchors/word_lm_reference.py's model for a seed, then trains
that model from them with the reference's loop, without dropout, and records each minibatch's loss and
gradient norm and each epoch's validation perplexity. dev.d2l.rnn.examples.SameStart loads the same
weights into the library's model and prints both side by side (examples/README.md, "From the same start").

usage: python3 same_start.py ANCHOR DATA_DIR OUT_DIR [seed] [epochs]
  ANCHOR    the reference program (word_lm_reference.py); its definitions are run, its training is not
  OUT_DIR   gets one little-endian float32 file per parameter (<torch name>.f32), vocab.txt, reference.tsv
"""
import os, sys
import torch

anchor, data_dir, out = sys.argv[1], sys.argv[2], sys.argv[3]
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 2
source = open(anchor).read()
marker = 'best, t_all, n_all = None'
if marker not in source:
    sys.exit(f'{anchor} has no line "{marker}...": not the reference program this script knows')
# The reference reads its settings from argv: data, epochs, threads, seed, cell, hidden, layers, dropout.
sys.argv = [anchor, data_dir, str(epochs), '1', str(seed), 'lstm', '200', '2', '0']
defs = {}
exec(compile(source[:source.index(marker)], anchor, 'exec'), defs)
model, loss_fn, tr, va = defs['model'], defs['loss_fn'], defs['tr'], defs['va']
bptt, lr, clip, evaluate, detach = defs['bptt'], defs['lr'], defs['clip'], defs['evaluate'], defs['detach']

os.makedirs(out, exist_ok=True)
for name, p in model.named_parameters():
    p.detach().numpy().astype('<f4').tofile(os.path.join(out, name + '.f32'))
with open(os.path.join(out, 'vocab.txt'), 'w') as f:
    f.write('\n'.join(defs['itos']) + '\n')
with open(os.path.join(out, 'reference.tsv'), 'w') as f:
    f.write(f'valid\t0\t{evaluate(va):.4f}\n')
    for epoch in range(1, epochs + 1):
        model.train(); h = model.begin(tr.size(1))
        for k, i in enumerate(range(0, tr.size(0) - 1, bptt)):
            s = min(bptt, tr.size(0) - 1 - i); x, y = tr[i:i + s], tr[i + 1:i + 1 + s].reshape(-1)
            h = detach(h); model.zero_grad()
            o, h = model(x, h); l = loss_fn(o, y); l.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            with torch.no_grad():
                for p in model.parameters(): p.add_(p.grad, alpha=-lr)
            f.write(f'batch\t{epoch}\t{k}\t{l.item():.6f}\t{norm.item():.6f}\n')
        f.write(f'valid\t{epoch}\t{evaluate(va):.4f}\n')
print(f'wrote {out}: seed {seed}, {epochs} epochs, torch {torch.__version__}')
