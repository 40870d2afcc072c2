# Prints the PyTorch reference numbers used by tests/unit/test_batchnorm.cpp and
# test_optimizers.cpp. Run with Debian's python: /usr/bin/python3 make_unit_references.py
import torch
torch.set_default_dtype(torch.float64)
# BatchNorm1d: 3 features, batch 4, two training steps then eval.
x1 = torch.tensor([[0.5,-1.0,2.0],[1.5,0.0,-2.0],[-0.5,3.0,1.0],[2.5,1.0,0.0]])
x2 = torch.tensor([[1.0,1.0,1.0],[0.0,2.0,-1.0],[3.0,0.5,0.0],[-1.0,1.5,2.0]])
bn = torch.nn.BatchNorm1d(3)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.0, 2.0, 0.5])); bn.bias.copy_(torch.tensor([0.0, -1.0, 0.25]))
bn.train(); y1 = bn(x1); y2 = bn(x2)
print("y2", y2.tolist()); print("rm", bn.running_mean.tolist()); print("rv", bn.running_var.tolist())
bn.eval(); print("eval", bn(x1).tolist())
# Optimizers: params p, grads as a fixed function of step.
def run(make):
    p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5]))
    opt = make([p])
    out = []
    for t in range(3):
        opt.zero_grad()
        p.grad = torch.tensor([0.1*(t+1), -0.3, 0.05*(t-1)]) + 0.0
        opt.step(); out.append(p.detach().clone().tolist())
    return out
print("sgd", run(lambda ps: torch.optim.SGD(ps, lr=0.1)))
print("sgd_l2", run(lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.01)))
print("momentum", run(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)))
print("rmsprop", run(lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.99, eps=1e-8)))
print("adam", run(lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9,0.999), eps=1e-8)))
print("adam_l2", run(lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1)))
