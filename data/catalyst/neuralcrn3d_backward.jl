# Provenance: the NeuralCRN authors' 3-D Nonlinear-NeuralCRN backward network (Catalyst.jl @reaction_network,
# reference notes 1.3), copied unchanged below this header from the project's shared data
# (/work/shared/data/catalyst/neuralcrn3d_backward.jl) on 2026-12-03. Combinatoric rate law (Catalyst).
neuralcrn3d_backward = @reaction_network neuralcrn3d_backward begin
    1, H1m --> Z1p + H1m
    1, H1p --> Z1m + H1p
    1, H1m --> Z2p + H1m
    1, H1p --> Z2m + H1p
    1, H1m --> Z3p + H1m
    1, H1p --> Z3m + H1p
    1, P11p + Z1p + X1p --> Z1m + P11p + Z1p + X1p
    1, P11p + Z1p + X1m --> Z1p + P11p + Z1p + X1m
    1, P11p + Z1m + X1p --> Z1p + P11p + Z1m + X1p
    1, P11p + Z1m + X1m --> Z1m + P11p + Z1m + X1m
    1, P11m + Z1p + X1p --> Z1p + P11m + Z1p + X1p
    1, P11m + Z1p + X1m --> Z1m + P11m + Z1p + X1m
    1, P11m + Z1m + X1p --> Z1m + P11m + Z1m + X1p
    1, P11m + Z1m + X1m --> Z1p + P11m + Z1m + X1m
    1, P12p + Z1p + X2p --> Z1m + P12p + Z1p + X2p
    1, P12p + Z1p + X2m --> Z1p + P12p + Z1p + X2m
    1, P12p + Z1m + X2p --> Z1p + P12p + Z1m + X2p
    1, P12p + Z1m + X2m --> Z1m + P12p + Z1m + X2m
    1, P12m + Z1p + X2p --> Z1p + P12m + Z1p + X2p
    1, P12m + Z1p + X2m --> Z1m + P12m + Z1p + X2m
    1, P12m + Z1m + X2p --> Z1m + P12m + Z1m + X2p
    1, P12m + Z1m + X2m --> Z1p + P12m + Z1m + X2m
    1, P13p + Z1p + X3p --> Z1m + P13p + Z1p + X3p
    1, P13p + Z1p + X3m --> Z1p + P13p + Z1p + X3m
    1, P13p + Z1m + X3p --> Z1p + P13p + Z1m + X3p
    1, P13p + Z1m + X3m --> Z1m + P13p + Z1m + X3m
    1, P13m + Z1p + X3p --> Z1p + P13m + Z1p + X3p
    1, P13m + Z1p + X3m --> Z1m + P13m + Z1p + X3m
    1, P13m + Z1m + X3p --> Z1m + P13m + Z1m + X3p
    1, P13m + Z1m + X3m --> Z1p + P13m + Z1m + X3m
    1, P21p + Z2p + X1p --> Z2m + P21p + Z2p + X1p
    1, P21p + Z2p + X1m --> Z2p + P21p + Z2p + X1m
    1, P21p + Z2m + X1p --> Z2p + P21p + Z2m + X1p
    1, P21p + Z2m + X1m --> Z2m + P21p + Z2m + X1m
    1, P21m + Z2p + X1p --> Z2p + P21m + Z2p + X1p
    1, P21m + Z2p + X1m --> Z2m + P21m + Z2p + X1m
    1, P21m + Z2m + X1p --> Z2m + P21m + Z2m + X1p
    1, P21m + Z2m + X1m --> Z2p + P21m + Z2m + X1m
    1, P22p + Z2p + X2p --> Z2m + P22p + Z2p + X2p
    1, P22p + Z2p + X2m --> Z2p + P22p + Z2p + X2m
    1, P22p + Z2m + X2p --> Z2p + P22p + Z2m + X2p
    1, P22p + Z2m + X2m --> Z2m + P22p + Z2m + X2m
    1, P22m + Z2p + X2p --> Z2p + P22m + Z2p + X2p
    1, P22m + Z2p + X2m --> Z2m + P22m + Z2p + X2m
    1, P22m + Z2m + X2p --> Z2m + P22m + Z2m + X2p
    1, P22m + Z2m + X2m --> Z2p + P22m + Z2m + X2m
    1, P23p + Z2p + X3p --> Z2m + P23p + Z2p + X3p
    1, P23p + Z2p + X3m --> Z2p + P23p + Z2p + X3m
    1, P23p + Z2m + X3p --> Z2p + P23p + Z2m + X3p
    1, P23p + Z2m + X3m --> Z2m + P23p + Z2m + X3m
    1, P23m + Z2p + X3p --> Z2p + P23m + Z2p + X3p
    1, P23m + Z2p + X3m --> Z2m + P23m + Z2p + X3m
    1, P23m + Z2m + X3p --> Z2m + P23m + Z2m + X3p
    1, P23m + Z2m + X3m --> Z2p + P23m + Z2m + X3m
    1, P31p + Z3p + X1p --> Z3m + P31p + Z3p + X1p
    1, P31p + Z3p + X1m --> Z3p + P31p + Z3p + X1m
    1, P31p + Z3m + X1p --> Z3p + P31p + Z3m + X1p
    1, P31p + Z3m + X1m --> Z3m + P31p + Z3m + X1m
    1, P31m + Z3p + X1p --> Z3p + P31m + Z3p + X1p
    1, P31m + Z3p + X1m --> Z3m + P31m + Z3p + X1m
    1, P31m + Z3m + X1p --> Z3m + P31m + Z3m + X1p
    1, P31m + Z3m + X1m --> Z3p + P31m + Z3m + X1m
    1, P32p + Z3p + X2p --> Z3m + P32p + Z3p + X2p
    1, P32p + Z3p + X2m --> Z3p + P32p + Z3p + X2m
    1, P32p + Z3m + X2p --> Z3p + P32p + Z3m + X2p
    1, P32p + Z3m + X2m --> Z3m + P32p + Z3m + X2m
    1, P32m + Z3p + X2p --> Z3p + P32m + Z3p + X2p
    1, P32m + Z3p + X2m --> Z3m + P32m + Z3p + X2m
    1, P32m + Z3m + X2p --> Z3m + P32m + Z3m + X2p
    1, P32m + Z3m + X2m --> Z3p + P32m + Z3m + X2m
    1, P33p + Z3p + X3p --> Z3m + P33p + Z3p + X3p
    1, P33p + Z3p + X3m --> Z3p + P33p + Z3p + X3m
    1, P33p + Z3m + X3p --> Z3p + P33p + Z3m + X3p
    1, P33p + Z3m + X3m --> Z3m + P33p + Z3m + X3m
    1, P33m + Z3p + X3p --> Z3p + P33m + Z3p + X3p
    1, P33m + Z3p + X3m --> Z3m + P33m + Z3p + X3m
    1, P33m + Z3m + X3p --> Z3m + P33m + Z3m + X3p
    1, P33m + Z3m + X3m --> Z3p + P33m + Z3m + X3m
    1, B1p + Z1p --> Z1m + B1p + Z1p
    1, B1p + Z1m --> Z1p + B1p + Z1m
    1, B1m + Z1p --> Z1p + B1m + Z1p
    1, B1m + Z1m --> Z1m + B1m + Z1m
    1, B2p + Z2p --> Z2m + B2p + Z2p
    1, B2p + Z2m --> Z2p + B2p + Z2m
    1, B2m + Z2p --> Z2p + B2m + Z2p
    1, B2m + Z2m --> Z2m + B2m + Z2m
    1, B3p + Z3p --> Z3m + B3p + Z3p
    1, B3p + Z3m --> Z3p + B3p + Z3m
    1, B3m + Z3p --> Z3p + B3m + Z3p
    1, B3m + Z3m --> Z3m + B3m + Z3m
    1, Z1p + Z1p --> Z1p + Z1p + Z1p
    1, Z1m + Z1m --> Z1m + Z1m + Z1m
    10, Z1p + Z1m --> 0
    1, Z2p + Z2p --> Z2p + Z2p + Z2p
    1, Z2m + Z2m --> Z2m + Z2m + Z2m
    10, Z2p + Z2m --> 0
    1, Z3p + Z3p --> Z3p + Z3p + Z3p
    1, Z3m + Z3m --> Z3m + Z3m + Z3m
    10, Z3p + Z3m --> 0
    1, A1p + P11p + X1p --> A1p + A1p + P11p + X1p
    1, A1p + P11p + X1m --> A1m + A1p + P11p + X1m
    1, A1p + P11m + X1p --> A1m + A1p + P11m + X1p
    1, A1p + P11m + X1m --> A1p + A1p + P11m + X1m
    1, A1m + P11p + X1p --> A1m + A1m + P11p + X1p
    1, A1m + P11p + X1m --> A1p + A1m + P11p + X1m
    1, A1m + P11m + X1p --> A1p + A1m + P11m + X1p
    1, A1m + P11m + X1m --> A1m + A1m + P11m + X1m
    1, A1p + P12p + X2p --> A1p + A1p + P12p + X2p
    1, A1p + P12p + X2m --> A1m + A1p + P12p + X2m
    1, A1p + P12m + X2p --> A1m + A1p + P12m + X2p
    1, A1p + P12m + X2m --> A1p + A1p + P12m + X2m
    1, A1m + P12p + X2p --> A1m + A1m + P12p + X2p
    1, A1m + P12p + X2m --> A1p + A1m + P12p + X2m
    1, A1m + P12m + X2p --> A1p + A1m + P12m + X2p
    1, A1m + P12m + X2m --> A1m + A1m + P12m + X2m
    1, A1p + P13p + X3p --> A1p + A1p + P13p + X3p
    1, A1p + P13p + X3m --> A1m + A1p + P13p + X3m
    1, A1p + P13m + X3p --> A1m + A1p + P13m + X3p
    1, A1p + P13m + X3m --> A1p + A1p + P13m + X3m
    1, A1m + P13p + X3p --> A1m + A1m + P13p + X3p
    1, A1m + P13p + X3m --> A1p + A1m + P13p + X3m
    1, A1m + P13m + X3p --> A1p + A1m + P13m + X3p
    1, A1m + P13m + X3m --> A1m + A1m + P13m + X3m
    1, A2p + P21p + X1p --> A2p + A2p + P21p + X1p
    1, A2p + P21p + X1m --> A2m + A2p + P21p + X1m
    1, A2p + P21m + X1p --> A2m + A2p + P21m + X1p
    1, A2p + P21m + X1m --> A2p + A2p + P21m + X1m
    1, A2m + P21p + X1p --> A2m + A2m + P21p + X1p
    1, A2m + P21p + X1m --> A2p + A2m + P21p + X1m
    1, A2m + P21m + X1p --> A2p + A2m + P21m + X1p
    1, A2m + P21m + X1m --> A2m + A2m + P21m + X1m
    1, A2p + P22p + X2p --> A2p + A2p + P22p + X2p
    1, A2p + P22p + X2m --> A2m + A2p + P22p + X2m
    1, A2p + P22m + X2p --> A2m + A2p + P22m + X2p
    1, A2p + P22m + X2m --> A2p + A2p + P22m + X2m
    1, A2m + P22p + X2p --> A2m + A2m + P22p + X2p
    1, A2m + P22p + X2m --> A2p + A2m + P22p + X2m
    1, A2m + P22m + X2p --> A2p + A2m + P22m + X2p
    1, A2m + P22m + X2m --> A2m + A2m + P22m + X2m
    1, A2p + P23p + X3p --> A2p + A2p + P23p + X3p
    1, A2p + P23p + X3m --> A2m + A2p + P23p + X3m
    1, A2p + P23m + X3p --> A2m + A2p + P23m + X3p
    1, A2p + P23m + X3m --> A2p + A2p + P23m + X3m
    1, A2m + P23p + X3p --> A2m + A2m + P23p + X3p
    1, A2m + P23p + X3m --> A2p + A2m + P23p + X3m
    1, A2m + P23m + X3p --> A2p + A2m + P23m + X3p
    1, A2m + P23m + X3m --> A2m + A2m + P23m + X3m
    1, A3p + P31p + X1p --> A3p + A3p + P31p + X1p
    1, A3p + P31p + X1m --> A3m + A3p + P31p + X1m
    1, A3p + P31m + X1p --> A3m + A3p + P31m + X1p
    1, A3p + P31m + X1m --> A3p + A3p + P31m + X1m
    1, A3m + P31p + X1p --> A3m + A3m + P31p + X1p
    1, A3m + P31p + X1m --> A3p + A3m + P31p + X1m
    1, A3m + P31m + X1p --> A3p + A3m + P31m + X1p
    1, A3m + P31m + X1m --> A3m + A3m + P31m + X1m
    1, A3p + P32p + X2p --> A3p + A3p + P32p + X2p
    1, A3p + P32p + X2m --> A3m + A3p + P32p + X2m
    1, A3p + P32m + X2p --> A3m + A3p + P32m + X2p
    1, A3p + P32m + X2m --> A3p + A3p + P32m + X2m
    1, A3m + P32p + X2p --> A3m + A3m + P32p + X2p
    1, A3m + P32p + X2m --> A3p + A3m + P32p + X2m
    1, A3m + P32m + X2p --> A3p + A3m + P32m + X2p
    1, A3m + P32m + X2m --> A3m + A3m + P32m + X2m
    1, A3p + P33p + X3p --> A3p + A3p + P33p + X3p
    1, A3p + P33p + X3m --> A3m + A3p + P33p + X3m
    1, A3p + P33m + X3p --> A3m + A3p + P33m + X3p
    1, A3p + P33m + X3m --> A3p + A3p + P33m + X3m
    1, A3m + P33p + X3p --> A3m + A3m + P33p + X3p
    1, A3m + P33p + X3m --> A3p + A3m + P33p + X3m
    1, A3m + P33m + X3p --> A3p + A3m + P33m + X3p
    1, A3m + P33m + X3m --> A3m + A3m + P33m + X3m
    2, A1p + Z1p --> A1m + A1p + Z1p
    2, A1p + Z1m --> A1p + A1p + Z1m
    2, A1m + Z1p --> A1p + A1m + Z1p
    2, A1m + Z1m --> A1m + A1m + Z1m
    2, A2p + Z2p --> A2m + A2p + Z2p
    2, A2p + Z2m --> A2p + A2p + Z2m
    2, A2m + Z2p --> A2p + A2m + Z2p
    2, A2m + Z2m --> A2m + A2m + Z2m
    2, A3p + Z3p --> A3m + A3p + Z3p
    2, A3p + Z3m --> A3p + A3p + Z3m
    2, A3m + Z3p --> A3p + A3m + Z3p
    2, A3m + Z3m --> A3m + A3m + Z3m
    1, A1p + Z1p + X1p --> G11p + A1p + Z1p + X1p
    1, A1p + Z1p + X1m --> G11m + A1p + Z1p + X1m
    1, A1p + Z1m + X1p --> G11m + A1p + Z1m + X1p
    1, A1p + Z1m + X1m --> G11p + A1p + Z1m + X1m
    1, A1m + Z1p + X1p --> G11m + A1m + Z1p + X1p
    1, A1m + Z1p + X1m --> G11p + A1m + Z1p + X1m
    1, A1m + Z1m + X1p --> G11p + A1m + Z1m + X1p
    1, A1m + Z1m + X1m --> G11m + A1m + Z1m + X1m
    1, A1p + Z1p + X2p --> G12p + A1p + Z1p + X2p
    1, A1p + Z1p + X2m --> G12m + A1p + Z1p + X2m
    1, A1p + Z1m + X2p --> G12m + A1p + Z1m + X2p
    1, A1p + Z1m + X2m --> G12p + A1p + Z1m + X2m
    1, A1m + Z1p + X2p --> G12m + A1m + Z1p + X2p
    1, A1m + Z1p + X2m --> G12p + A1m + Z1p + X2m
    1, A1m + Z1m + X2p --> G12p + A1m + Z1m + X2p
    1, A1m + Z1m + X2m --> G12m + A1m + Z1m + X2m
    1, A1p + Z1p + X3p --> G13p + A1p + Z1p + X3p
    1, A1p + Z1p + X3m --> G13m + A1p + Z1p + X3m
    1, A1p + Z1m + X3p --> G13m + A1p + Z1m + X3p
    1, A1p + Z1m + X3m --> G13p + A1p + Z1m + X3m
    1, A1m + Z1p + X3p --> G13m + A1m + Z1p + X3p
    1, A1m + Z1p + X3m --> G13p + A1m + Z1p + X3m
    1, A1m + Z1m + X3p --> G13p + A1m + Z1m + X3p
    1, A1m + Z1m + X3m --> G13m + A1m + Z1m + X3m
    1, A2p + Z2p + X1p --> G21p + A2p + Z2p + X1p
    1, A2p + Z2p + X1m --> G21m + A2p + Z2p + X1m
    1, A2p + Z2m + X1p --> G21m + A2p + Z2m + X1p
    1, A2p + Z2m + X1m --> G21p + A2p + Z2m + X1m
    1, A2m + Z2p + X1p --> G21m + A2m + Z2p + X1p
    1, A2m + Z2p + X1m --> G21p + A2m + Z2p + X1m
    1, A2m + Z2m + X1p --> G21p + A2m + Z2m + X1p
    1, A2m + Z2m + X1m --> G21m + A2m + Z2m + X1m
    1, A2p + Z2p + X2p --> G22p + A2p + Z2p + X2p
    1, A2p + Z2p + X2m --> G22m + A2p + Z2p + X2m
    1, A2p + Z2m + X2p --> G22m + A2p + Z2m + X2p
    1, A2p + Z2m + X2m --> G22p + A2p + Z2m + X2m
    1, A2m + Z2p + X2p --> G22m + A2m + Z2p + X2p
    1, A2m + Z2p + X2m --> G22p + A2m + Z2p + X2m
    1, A2m + Z2m + X2p --> G22p + A2m + Z2m + X2p
    1, A2m + Z2m + X2m --> G22m + A2m + Z2m + X2m
    1, A2p + Z2p + X3p --> G23p + A2p + Z2p + X3p
    1, A2p + Z2p + X3m --> G23m + A2p + Z2p + X3m
    1, A2p + Z2m + X3p --> G23m + A2p + Z2m + X3p
    1, A2p + Z2m + X3m --> G23p + A2p + Z2m + X3m
    1, A2m + Z2p + X3p --> G23m + A2m + Z2p + X3p
    1, A2m + Z2p + X3m --> G23p + A2m + Z2p + X3m
    1, A2m + Z2m + X3p --> G23p + A2m + Z2m + X3p
    1, A2m + Z2m + X3m --> G23m + A2m + Z2m + X3m
    1, A3p + Z3p + X1p --> G31p + A3p + Z3p + X1p
    1, A3p + Z3p + X1m --> G31m + A3p + Z3p + X1m
    1, A3p + Z3m + X1p --> G31m + A3p + Z3m + X1p
    1, A3p + Z3m + X1m --> G31p + A3p + Z3m + X1m
    1, A3m + Z3p + X1p --> G31m + A3m + Z3p + X1p
    1, A3m + Z3p + X1m --> G31p + A3m + Z3p + X1m
    1, A3m + Z3m + X1p --> G31p + A3m + Z3m + X1p
    1, A3m + Z3m + X1m --> G31m + A3m + Z3m + X1m
    1, A3p + Z3p + X2p --> G32p + A3p + Z3p + X2p
    1, A3p + Z3p + X2m --> G32m + A3p + Z3p + X2m
    1, A3p + Z3m + X2p --> G32m + A3p + Z3m + X2p
    1, A3p + Z3m + X2m --> G32p + A3p + Z3m + X2m
    1, A3m + Z3p + X2p --> G32m + A3m + Z3p + X2p
    1, A3m + Z3p + X2m --> G32p + A3m + Z3p + X2m
    1, A3m + Z3m + X2p --> G32p + A3m + Z3m + X2p
    1, A3m + Z3m + X2m --> G32m + A3m + Z3m + X2m
    1, A3p + Z3p + X3p --> G33p + A3p + Z3p + X3p
    1, A3p + Z3p + X3m --> G33m + A3p + Z3p + X3m
    1, A3p + Z3m + X3p --> G33m + A3p + Z3m + X3p
    1, A3p + Z3m + X3m --> G33p + A3p + Z3m + X3m
    1, A3m + Z3p + X3p --> G33m + A3m + Z3p + X3p
    1, A3m + Z3p + X3m --> G33p + A3m + Z3p + X3m
    1, A3m + Z3m + X3p --> G33p + A3m + Z3m + X3p
    1, A3m + Z3m + X3m --> G33m + A3m + Z3m + X3m
    1, A1p + Z1p --> V1p + A1p + Z1p
    1, A1p + Z1m --> V1m + A1p + Z1m
    1, A1m + Z1p --> V1m + A1m + Z1p
    1, A1m + Z1m --> V1p + A1m + Z1m
    1, A2p + Z2p --> V2p + A2p + Z2p
    1, A2p + Z2m --> V2m + A2p + Z2m
    1, A2m + Z2p --> V2m + A2m + Z2p
    1, A2m + Z2m --> V2p + A2m + Z2m
    1, A3p + Z3p --> V3p + A3p + Z3p
    1, A3p + Z3m --> V3m + A3p + Z3m
    1, A3m + Z3p --> V3m + A3m + Z3p
    1, A3m + Z3m --> V3p + A3m + Z3m
end
