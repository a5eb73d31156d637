# Provenance: the NeuralCRN authors' 3-D Nonlinear-NeuralCRN forward network (Catalyst.jl @reaction_network,
# reference notes 1.3), copied unchanged below this header from the project's shared data
# (/work/shared/data/catalyst/neuralcrn3d_forward.jl) on 2026-12-03. Combinatoric rate law (Catalyst).
neuralcrn3d_forward = @reaction_network neuralcrn3d_forward begin
    1, H1p --> Z1p + H1p
    1, H1m --> Z1m + H1m
    1, H2p --> Z2p + H2p
    1, H2m --> Z2m + H2m
    1, H3p --> Z3p + H3p
    1, H3m --> Z3m + H3m
    1, P11p + Z1p + X1p --> Z1p + P11p + Z1p + X1p
    1, P11p + Z1p + X1m --> Z1m + P11p + Z1p + X1m
    1, P11p + Z1m + X1p --> Z1m + P11p + Z1m + X1p
    1, P11p + Z1m + X1m --> Z1p + P11p + Z1m + X1m
    1, P11m + Z1p + X1p --> Z1m + P11m + Z1p + X1p
    1, P11m + Z1p + X1m --> Z1p + P11m + Z1p + X1m
    1, P11m + Z1m + X1p --> Z1p + P11m + Z1m + X1p
    1, P11m + Z1m + X1m --> Z1m + P11m + Z1m + X1m
    1, P12p + Z1p + X2p --> Z1p + P12p + Z1p + X2p
    1, P12p + Z1p + X2m --> Z1m + P12p + Z1p + X2m
    1, P12p + Z1m + X2p --> Z1m + P12p + Z1m + X2p
    1, P12p + Z1m + X2m --> Z1p + P12p + Z1m + X2m
    1, P12m + Z1p + X2p --> Z1m + P12m + Z1p + X2p
    1, P12m + Z1p + X2m --> Z1p + P12m + Z1p + X2m
    1, P12m + Z1m + X2p --> Z1p + P12m + Z1m + X2p
    1, P12m + Z1m + X2m --> Z1m + P12m + Z1m + X2m
    1, P13p + Z1p + X3p --> Z1p + P13p + Z1p + X3p
    1, P13p + Z1p + X3m --> Z1m + P13p + Z1p + X3m
    1, P13p + Z1m + X3p --> Z1m + P13p + Z1m + X3p
    1, P13p + Z1m + X3m --> Z1p + P13p + Z1m + X3m
    1, P13m + Z1p + X3p --> Z1m + P13m + Z1p + X3p
    1, P13m + Z1p + X3m --> Z1p + P13m + Z1p + X3m
    1, P13m + Z1m + X3p --> Z1p + P13m + Z1m + X3p
    1, P13m + Z1m + X3m --> Z1m + P13m + Z1m + X3m
    1, P21p + Z2p + X1p --> Z2p + P21p + Z2p + X1p
    1, P21p + Z2p + X1m --> Z2m + P21p + Z2p + X1m
    1, P21p + Z2m + X1p --> Z2m + P21p + Z2m + X1p
    1, P21p + Z2m + X1m --> Z2p + P21p + Z2m + X1m
    1, P21m + Z2p + X1p --> Z2m + P21m + Z2p + X1p
    1, P21m + Z2p + X1m --> Z2p + P21m + Z2p + X1m
    1, P21m + Z2m + X1p --> Z2p + P21m + Z2m + X1p
    1, P21m + Z2m + X1m --> Z2m + P21m + Z2m + X1m
    1, P22p + Z2p + X2p --> Z2p + P22p + Z2p + X2p
    1, P22p + Z2p + X2m --> Z2m + P22p + Z2p + X2m
    1, P22p + Z2m + X2p --> Z2m + P22p + Z2m + X2p
    1, P22p + Z2m + X2m --> Z2p + P22p + Z2m + X2m
    1, P22m + Z2p + X2p --> Z2m + P22m + Z2p + X2p
    1, P22m + Z2p + X2m --> Z2p + P22m + Z2p + X2m
    1, P22m + Z2m + X2p --> Z2p + P22m + Z2m + X2p
    1, P22m + Z2m + X2m --> Z2m + P22m + Z2m + X2m
    1, P23p + Z2p + X3p --> Z2p + P23p + Z2p + X3p
    1, P23p + Z2p + X3m --> Z2m + P23p + Z2p + X3m
    1, P23p + Z2m + X3p --> Z2m + P23p + Z2m + X3p
    1, P23p + Z2m + X3m --> Z2p + P23p + Z2m + X3m
    1, P23m + Z2p + X3p --> Z2m + P23m + Z2p + X3p
    1, P23m + Z2p + X3m --> Z2p + P23m + Z2p + X3m
    1, P23m + Z2m + X3p --> Z2p + P23m + Z2m + X3p
    1, P23m + Z2m + X3m --> Z2m + P23m + Z2m + X3m
    1, P31p + Z3p + X1p --> Z3p + P31p + Z3p + X1p
    1, P31p + Z3p + X1m --> Z3m + P31p + Z3p + X1m
    1, P31p + Z3m + X1p --> Z3m + P31p + Z3m + X1p
    1, P31p + Z3m + X1m --> Z3p + P31p + Z3m + X1m
    1, P31m + Z3p + X1p --> Z3m + P31m + Z3p + X1p
    1, P31m + Z3p + X1m --> Z3p + P31m + Z3p + X1m
    1, P31m + Z3m + X1p --> Z3p + P31m + Z3m + X1p
    1, P31m + Z3m + X1m --> Z3m + P31m + Z3m + X1m
    1, P32p + Z3p + X2p --> Z3p + P32p + Z3p + X2p
    1, P32p + Z3p + X2m --> Z3m + P32p + Z3p + X2m
    1, P32p + Z3m + X2p --> Z3m + P32p + Z3m + X2p
    1, P32p + Z3m + X2m --> Z3p + P32p + Z3m + X2m
    1, P32m + Z3p + X2p --> Z3m + P32m + Z3p + X2p
    1, P32m + Z3p + X2m --> Z3p + P32m + Z3p + X2m
    1, P32m + Z3m + X2p --> Z3p + P32m + Z3m + X2p
    1, P32m + Z3m + X2m --> Z3m + P32m + Z3m + X2m
    1, P33p + Z3p + X3p --> Z3p + P33p + Z3p + X3p
    1, P33p + Z3p + X3m --> Z3m + P33p + Z3p + X3m
    1, P33p + Z3m + X3p --> Z3m + P33p + Z3m + X3p
    1, P33p + Z3m + X3m --> Z3p + P33p + Z3m + X3m
    1, P33m + Z3p + X3p --> Z3m + P33m + Z3p + X3p
    1, P33m + Z3p + X3m --> Z3p + P33m + Z3p + X3m
    1, P33m + Z3m + X3p --> Z3p + P33m + Z3m + X3p
    1, P33m + Z3m + X3m --> Z3m + P33m + Z3m + X3m
    1, B1p + Z1p --> Z1p + B1p + Z1p
    1, B1p + Z1m --> Z1m + B1p + Z1m
    1, B1m + Z1p --> Z1m + B1m + Z1p
    1, B1m + Z1m --> Z1p + B1m + Z1m
    1, B2p + Z2p --> Z2p + B2p + Z2p
    1, B2p + Z2m --> Z2m + B2p + Z2m
    1, B2m + Z2p --> Z2m + B2m + Z2p
    1, B2m + Z2m --> Z2p + B2m + Z2m
    1, B3p + Z3p --> Z3p + B3p + Z3p
    1, B3p + Z3m --> Z3m + B3p + Z3m
    1, B3m + Z3p --> Z3m + B3m + Z3p
    1, B3m + Z3m --> Z3p + B3m + Z3m
    1, Z1p + Z1p --> Z1p
    1, Z1m + Z1m --> Z1m
    100, Z1p + Z1m --> 0
    1, Z2p + Z2p --> Z2p
    1, Z2m + Z2m --> Z2m
    100, Z2p + Z2m --> 0
    1, Z3p + Z3p --> Z3p
    1, Z3m + Z3m --> Z3m
    100, Z3p + Z3m --> 0
end
