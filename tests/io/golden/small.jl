# Catalyst.jl reaction network written by neuralcrn: 5 species, 5 reactions.
# Rate law: this network uses plain mass action (k * prod x^nu); Catalyst uses combinatoric mass action (k * prod x^nu / nu!), so the rate of each reaction with a repeated reactant is multiplied by prod nu! here to give the same ODEs.
# Species 'a.b' is written as a_b.
using Catalyst

small = @reaction_network small begin
    @species xp(t)=1.5 xm(t)=0.25 y(t) a_b(t)=2 spare(t)
    1, xp + y --> xp + xm + y
    1, 2*xp --> xp
    100, xp + xm --> ∅
    1e-05, ∅ --> a_b
    0.1, a_b --> 2*y
end
