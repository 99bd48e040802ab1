#!/usr/bin/python3
"""Train the tiny Qwen3-style reasoner on CPU, deterministically, and write the weights file.

Dev-only (Debian python3-torch, run with /usr/bin/python3). One thread, fixed seed, fixed data
order and torch.use_deterministic_algorithms(True): the same inputs and seed give byte-identical
weights. The model math is Hugging Face Qwen3's (see notes/weights-format.md) so the ONNX builder's
graph reproduces it; the file ends with a `check` sequence and its last-position logits.

Input (written by tools/tiny-reasoner/dataset.ts), one entry per token: tokens.bin (uint16),
targets.bin (uint8, 1 = loss target), positions.bin (uint16), groups.bin (uint8: 0 = trace, b = probe
branch b), visible.bin (uint16: leading trace tokens a branch token sees); examples.bin (uint32 pairs
start, length); meta.json. A probe branch attends to its trace's first `visible` tokens and to
itself only, so it trains exactly like a separate sequence.

Objective: cross-entropy on every target, plus (weight --tail-weight) a tail term on the trace's
targets (not the probe answers): the probability mass that the distribution tempered to
--tail-temperature puts outside its --tail-top most likely tokens. The data gives every decision at
most a few legitimate tokens (one confusable alternative per slip point, at most five ways to open a
step); without the term the model also keeps a flat tail over the whole vocabulary that temperature
1.5 inflates into a few per cent of junk per token (see the README's model-organism section).
"""
import os

# One BLAS/OpenMP thread before numpy/torch load: faster on this size and required for determinism.
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = c['num_attention_heads'], c['num_key_value_heads'], c['head_dim']
        h = c['hidden_size']
        self.q_proj = nn.Linear(h, self.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(h, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(h, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, h, bias=False)
        self.q_norm = RMSNorm(self.head_dim, c['rms_norm_eps'])
        self.k_norm = RMSNorm(self.head_dim, c['rms_norm_eps'])

    def forward(self, x, cos, sin, mask):
        b, length, _ = x.shape
        q = self.q_norm(self.q_proj(x).view(b, length, self.heads, self.head_dim)).transpose(1, 2)
        k = self.k_norm(self.k_proj(x).view(b, length, self.kv_heads, self.head_dim)).transpose(1, 2)
        v = self.v_proj(x).view(b, length, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        groups = self.heads // self.kv_heads
        k = k.repeat_interleave(groups, dim=1)  # HF repeat_kv order: query head h reads kv head h // groups
        v = v.repeat_interleave(groups, dim=1)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim) + mask
        out = torch.softmax(scores, dim=-1) @ v
        return self.o_proj(out.transpose(1, 2).reshape(b, length, self.heads * self.head_dim))


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i = c['hidden_size'], c['intermediate_size']
        self.gate_proj = nn.Linear(h, i, bias=False)
        self.up_proj = nn.Linear(h, i, bias=False)
        self.down_proj = nn.Linear(i, h, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.mlp = MLP(c)

    def forward(self, x, cos, sin, mask):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
        return x + self.mlp(self.post_attention_layernorm(x))


class Inner(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c['vocab_size'], c['hidden_size'])
        self.layers = nn.ModuleList([Layer(c) for _ in range(c['num_hidden_layers'])])
        self.norm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])


class Qwen3(nn.Module):
    """Qwen3ForCausalLM's math with a tied lm_head; parameter names match Hugging Face's."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.model = Inner(c)
        d = c['head_dim']
        inv_freq = c['rope_theta'] ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
        self.register_buffer('inv_freq', inv_freq.float(), persistent=False)

    def forward(self, ids, positions=None, mask=None):
        """ids [B, L]; positions [B, L] (default 0..L-1); mask [B, 1, L, L] additive (default causal)."""
        length = ids.shape[1]
        if positions is None:
            positions = torch.arange(length)[None, :]
        freqs = positions.to(torch.float32)[..., None] * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)[:, None]  # [B, 1, L, head_dim]
        cos, sin = emb.cos(), emb.sin()
        if mask is None:
            mask = torch.full((length, length), float('-inf')).triu(1)
        x = self.model.embed_tokens(ids)
        for layer in self.model.layers:
            x = layer(x, cos, sin, mask)
        return self.model.norm(x) @ self.model.embed_tokens.weight.t()


def init_weights(model, std):
    for name, p in model.named_parameters():
        if name.endswith('norm.weight'):
            nn.init.ones_(p)
        else:
            nn.init.normal_(p, mean=0.0, std=std)
    # Residual outputs start smaller, so the stack starts near the identity (GPT-2 style).
    layers = model.config['num_hidden_layers']
    for layer in model.model.layers:
        layer.self_attn.o_proj.weight.data.mul_(1 / math.sqrt(2 * layers))
        layer.mlp.down_proj.weight.data.mul_(1 / math.sqrt(2 * layers))


class Data:
    FIELDS = {'tokens': '<u2', 'targets': 'u1', 'positions': '<u2', 'groups': 'u1', 'visible': '<u2'}

    def __init__(self, folder):
        with open(os.path.join(folder, 'meta.json')) as f:
            self.meta = json.load(f)
        self.cols = {k: np.fromfile(os.path.join(folder, f'{k}.bin'), dtype=t).astype(np.int64) for k, t in self.FIELDS.items()}
        pairs = np.fromfile(os.path.join(folder, 'examples.bin'), dtype='<u4').astype(np.int64).reshape(-1, 2)
        self.starts, self.lengths = pairs[:, 0], pairs[:, 1]
        n = len(self.cols['tokens'])
        if any(len(c) != n for c in self.cols.values()) or (self.starts + self.lengths).max() > n:
            raise SystemExit(f'{folder}: the token files and examples.bin do not agree')

    def batches(self, indices, batch_tokens, rng):
        """Length-bucketed batches of about `batch_tokens` tokens (padded), in a seeded order."""
        order = sorted(indices, key=lambda i: (self.lengths[i], i))
        batches, cur, longest = [], [], 0
        for i in order:
            longest_new = max(longest, self.lengths[i])
            if cur and longest_new * (len(cur) + 1) > batch_tokens:
                batches.append(cur)
                cur, longest_new = [], self.lengths[i]
            cur.append(i)
            longest = longest_new
        if cur:
            batches.append(cur)
        rng.shuffle(batches)
        return batches

    def tensors(self, batch, pad_id):
        """ids, targets, positions, additive attention mask [B, 1, L, L], trace flags. Padding is its own group."""
        longest = int(max(self.lengths[i] for i in batch))
        shape = (len(batch), longest)
        ids = np.full(shape, pad_id, dtype=np.int64)
        tgt = np.zeros(shape, dtype=np.bool_)
        pos = np.zeros(shape, dtype=np.int64)
        grp = np.full(shape, 255, dtype=np.int64)
        vis = np.zeros(shape, dtype=np.int64)
        for r, i in enumerate(batch):
            s, n = self.starts[i], self.lengths[i]
            ids[r, :n] = self.cols['tokens'][s:s + n]
            tgt[r, :n] = self.cols['targets'][s:s + n] == 1
            pos[r, :n] = self.cols['positions'][s:s + n]
            grp[r, :n] = self.cols['groups'][s:s + n]
            vis[r, :n] = self.cols['visible'][s:s + n]
        idx = np.arange(longest)
        same = (idx[None, :, None] >= idx[None, None, :]) & (grp[:, :, None] == grp[:, None, :])
        prefix = (grp[:, None, :] == 0) & (idx[None, None, :] < vis[:, :, None])
        mask = np.where(same | prefix, 0.0, -np.inf).astype(np.float32)[:, None]
        return torch.from_numpy(ids), torch.from_numpy(tgt), torch.from_numpy(pos), torch.from_numpy(mask), torch.from_numpy(grp == 0)


def tail_mass(logits, temperature, top):
    """Per position: the mass of softmax(logits / temperature) outside the `top` largest logits."""
    p = torch.softmax(logits / temperature, dim=-1)
    return 1.0 - p.topk(top, dim=-1).values.sum(-1)


def loss_of(model, ids, tgt, pos, mask, trace=None, tail=None):
    """Summed cross-entropy over targets; each target is predicted from the token before it in its row
    (a branch's first token is never a target, so a row shift is the branch shift). With `tail`
    (weight, temperature, top) and `trace` (token is in the trace, not a probe branch), adds the
    weighted tail mass at the trace's targets. Returns (summed loss, targets, summed tail mass)."""
    logits = model(ids[:, :-1], pos[:, :-1], mask[:, :, :-1, :-1])
    labels = ids[:, 1:].masked_fill(~tgt[:, 1:], -100)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100, reduction='sum')
    tail_sum = torch.zeros(())
    if tail is not None and tail[0] > 0:
        at = tgt[:, 1:] & trace[:, 1:]
        tail_sum = tail_mass(logits[at], tail[1], tail[2]).sum()
        loss = loss + tail[0] * tail_sum
    return loss, int(tgt[:, 1:].sum()), float(tail_sum)


def write_weights(path, model, check_ids):
    config = dict(model.config)
    tensors, chunks, offset = {}, [], 0
    for name, t in model.state_dict().items():
        if name == 'lm_head.weight':
            continue
        arr = t.detach().to(torch.float32).contiguous().numpy().astype('<f4')
        tensors[name] = {'offset': offset, 'shape': list(arr.shape)}
        chunks.append(arr.tobytes())
        offset += arr.size
    with torch.no_grad():
        last = model(torch.tensor([check_ids]))[0, -1].tolist()
    header = {'config': config, 'tensors': tensors, 'check': {'input_ids': check_ids, 'last_logits': last}}
    blob = json.dumps(header).encode('utf-8')
    with open(path, 'wb') as f:
        f.write(struct.pack('<I', len(blob)))
        f.write(blob)
        for c in chunks:
            f.write(c)


def self_test():
    """A packed probe branch gets the same logits as the same tokens run as their own sequence."""
    torch.manual_seed(0)
    c = {'vocab_size': 50, 'hidden_size': 32, 'intermediate_size': 48, 'num_hidden_layers': 2, 'num_attention_heads': 4,
         'num_key_value_heads': 2, 'head_dim': 8, 'rms_norm_eps': 1e-6, 'rope_theta': 10000.0}
    model = Qwen3(c)
    init_weights(model, 0.5)
    trace = torch.randint(0, 50, (20,))
    branches = [(7, torch.randint(0, 50, (5,))), (13, torch.randint(0, 50, (4,)))]
    ids, pos, grp, vis = [trace], [torch.arange(20)], [torch.zeros(20, dtype=torch.long)], [torch.zeros(20, dtype=torch.long)]
    for b, (cut, toks) in enumerate(branches):
        ids.append(toks)
        pos.append(torch.arange(cut, cut + len(toks)))
        grp.append(torch.full((len(toks),), b + 1))
        vis.append(torch.full((len(toks),), cut))
    ids, pos, grp, vis = (torch.cat(x)[None] for x in (ids, pos, grp, vis))
    idx = torch.arange(ids.shape[1])
    allowed = ((idx[:, None] >= idx[None, :]) & (grp[0][:, None] == grp[0][None, :])) | ((grp[0][None, :] == 0) & (idx[None, :] < vis[0][:, None]))
    mask = torch.where(allowed, 0.0, float('-inf'))[None, None]
    with torch.no_grad():
        packed = model(ids, pos, mask)[0]
        diff = (packed[:20] - model(trace[None])[0]).abs().max().item()
        start = 20
        for cut, toks in branches:
            alone = model(torch.cat([trace[:cut], toks])[None])[0, cut:]
            diff = max(diff, (packed[start:start + len(toks)] - alone).abs().max().item())
            start += len(toks)
    print(f'self-test: max |packed - separate| = {diff:.2e}')
    # The tail term: mass outside the top tokens of the tempered distribution, zero for a peaked row.
    logits = torch.tensor([[5.0, 4.0, 0.0, 0.0], [30.0, 0.0, 0.0, 0.0]])
    p = torch.softmax(logits[0] / 1.5, dim=-1)
    got = tail_mass(logits, 1.5, 2)
    tail_ok = abs(got[0].item() - (p[2] + p[3]).item()) < 1e-6 and got[1].item() < 1e-6
    print(f'self-test: tail mass {got[0].item():.6f} (expected {(p[2] + p[3]).item():.6f}), peaked {got[1].item():.1e}')
    return 0 if diff < 1e-5 and tail_ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', help='folder written by tools/tiny-reasoner/dataset.ts')
    ap.add_argument('--out', help='weights file to write')
    ap.add_argument('--self-test', action='store_true', help='check that packed probe branches equal separate sequences')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--batch-tokens', type=int, default=4096)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--warmup', type=int, default=100)
    ap.add_argument('--hidden', type=int, default=128)
    ap.add_argument('--layers', type=int, default=4)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--kv-heads', type=int, default=2)
    ap.add_argument('--head-dim', type=int, default=32)
    ap.add_argument('--intermediate', type=int, default=384)
    ap.add_argument('--tail-weight', type=float, default=0.0, help='weight of the tail term (0 = plain cross-entropy)')
    ap.add_argument('--tail-temperature', type=float, default=1.5)
    ap.add_argument('--tail-top', type=int, default=6)
    ap.add_argument('--round-fp16', action='store_true', help='round the trained weights to float16 before the check and export')
    ap.add_argument('--log-every', type=int, default=100)
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.data or not args.out:
        ap.error('--data and --out are required')

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.RandomState(args.seed)

    data = Data(args.data)
    meta = data.meta
    config = {
        'vocab_size': meta['vocab_size'], 'hidden_size': args.hidden, 'intermediate_size': args.intermediate,
        'num_hidden_layers': args.layers, 'num_attention_heads': args.heads, 'num_key_value_heads': args.kv_heads,
        'head_dim': args.head_dim, 'rms_norm_eps': 1e-6, 'rope_theta': 10000.0,
        'max_position_embeddings': meta['max_position_embeddings'], 'tie_word_embeddings': True,
    }
    model = Qwen3(config)
    init_weights(model, 0.02)
    params = sum(p.numel() for p in model.parameters())

    n_val = meta['validation_examples']
    val_idx = list(range(n_val))
    train_idx = list(range(n_val, len(data.lengths)))
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.01}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-8)

    def lr_at(step):
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        t = (step - args.warmup) / max(1, args.steps - args.warmup)
        return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))

    tail = (args.tail_weight, args.tail_temperature, args.tail_top)

    def validate():
        """Mean cross-entropy per target and mean tail mass per trace target (T = --tail-temperature)."""
        model.eval()
        total, count, tail_total, trace_count = 0.0, 0, 0.0, 0
        with torch.no_grad():
            for b in data.batches(val_idx, args.batch_tokens, np.random.RandomState(0)):
                ids, tgt, pos, mask, trace = data.tensors(b, meta['pad_id'])
                s, n, t = loss_of(model, ids, tgt, pos, mask, trace, (1.0, args.tail_temperature, args.tail_top))
                total, count = total + s.item() - t, count + n
                tail_total, trace_count = tail_total + t, trace_count + int((tgt[:, 1:] & trace[:, 1:]).sum())
        model.train()
        return total / max(1, count), tail_total / max(1, trace_count)

    print(f'params {params}, vocab {config["vocab_size"]}, train examples {len(train_idx)}, val {n_val}', flush=True)
    start = time.time()
    step, epoch, seen_tokens = 0, 0, 0
    queue = []
    run_loss, run_tail, run_n = 0.0, 0.0, 0
    model.train()
    while step < args.steps:
        if not queue:
            queue = data.batches(train_idx, args.batch_tokens, rng)
            epoch += 1
        batch = queue.pop()
        tensors = data.tensors(batch, meta['pad_id'])
        for g in opt.param_groups:
            g['lr'] = lr_at(step)
        s, n, tail_sum = loss_of(model, *tensors, tail)
        loss = s / max(1, n)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        seen_tokens += tensors[0].numel()
        run_loss, run_tail, run_n = run_loss + loss.item(), run_tail + tail_sum / max(1, n), run_n + 1
        if step % args.log_every == 0 or step == args.steps:
            el = time.time() - start
            print(f'step {step} epoch {epoch} loss {run_loss / run_n:.4f} tail {run_tail / run_n:.2e} lr {lr_at(step - 1):.2e} '
                  f'{seen_tokens / el:.0f} tok/s {el:.0f}s', flush=True)
            run_loss, run_tail, run_n = 0.0, 0.0, 0
    model.eval()
    if args.round_fp16:
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(p.half().float())
    ce, tail_val = validate()
    print(f'validation: cross-entropy {ce:.4f}, tail mass at T {args.tail_temperature} {tail_val:.2e}; '
          f'trained {step} steps in {time.time() - start:.0f}s', flush=True)
    write_weights(args.out, model, meta['check_input_ids'])
    print(f'wrote {args.out}', flush=True)


if __name__ == '__main__':
    sys.exit(main())
