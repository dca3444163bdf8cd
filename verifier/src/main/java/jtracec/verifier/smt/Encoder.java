package jtracec.verifier.smt;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import java.util.IdentityHashMap;
import java.util.Map;
import jtracec.verifier.state.Formula;
import jtracec.verifier.state.Term;

/**
 * Encodes terms and formulas as Z3 64-bit bitvector expressions with the semantics of RFC 9669
 * §4.1 (the same as {@link Term#fold}): 32-bit operations act on the low halves and zero-extend,
 * shift amounts are masked, division by zero gives 0 and modulo by zero the dividend. Shared
 * subterms are encoded once (memoised by identity), so DAG-shaped path conditions stay linear.
 */
final class Encoder {
    private final Context z3;
    private final Map<Object, Object> memo = new IdentityHashMap<>();

    Encoder(Context z3) {
        this.z3 = z3;
    }

    BitVecExpr term(Term t) {
        Object known = memo.get(t);
        if (known != null) return (BitVecExpr) known;
        BitVecExpr e = switch (t) {
            case Term.Const c -> z3.mkBV(c.value(), 64);
            case Term.Var v -> z3.mkBVConst(v.name() + "!" + v.id(), 64);
            case Term.Binary b -> binary(b);
            case Term.Ite i -> (BitVecExpr) z3.mkITE(formula(i.condition()), term(i.then()), term(i.otherwise()));
            case Term.Extend x -> {
                BitVecExpr low = z3.mkExtract(x.bits() - 1, 0, term(x.operand()));
                yield x.extension() == Term.Extension.ZERO ? z3.mkZeroExt(64 - x.bits(), low) : z3.mkSignExt(64 - x.bits(), low);
            }
        };
        memo.put(t, e);
        return e;
    }

    private BitVecExpr binary(Term.Binary b) {
        int w = b.width().bits();
        BitVecExpr x = narrow(term(b.left()), w), y = narrow(term(b.right()), w);
        BitVecExpr zero = z3.mkBV(0, w);
        BoolExpr byZero = z3.mkEq(y, zero);
        BitVecExpr r = switch (b.op()) {
            case ADD -> z3.mkBVAdd(x, y);
            case SUB -> z3.mkBVSub(x, y);
            case MUL -> z3.mkBVMul(x, y);
            case UDIV -> (BitVecExpr) z3.mkITE(byZero, zero, z3.mkBVUDiv(x, y));
            case UMOD -> (BitVecExpr) z3.mkITE(byZero, x, z3.mkBVURem(x, y));
            case SDIV -> (BitVecExpr) z3.mkITE(byZero, zero, z3.mkBVSDiv(x, y));
            case SMOD -> (BitVecExpr) z3.mkITE(byZero, x, z3.mkBVSRem(x, y));
            case OR -> z3.mkBVOR(x, y);
            case AND -> z3.mkBVAND(x, y);
            case XOR -> z3.mkBVXOR(x, y);
            case LSH -> z3.mkBVSHL(x, shiftAmount(y, w));
            case RSH -> z3.mkBVLSHR(x, shiftAmount(y, w));
            case ARSH -> z3.mkBVASHR(x, shiftAmount(y, w));
        };
        return w == 64 ? r : z3.mkZeroExt(64 - w, r);
    }

    private BitVecExpr shiftAmount(BitVecExpr amount, int width) {
        return z3.mkBVAND(amount, z3.mkBV(width - 1, width));
    }

    private BitVecExpr narrow(BitVecExpr e, int width) {
        return width == 64 ? e : z3.mkExtract(width - 1, 0, e);
    }

    BoolExpr formula(Formula f) {
        Object known = memo.get(f);
        if (known != null) return (BoolExpr) known;
        BoolExpr e = switch (f) {
            case Formula.Bool b -> z3.mkBool(b.value());
            case Formula.Compare c -> compare(c);
            case Formula.And a -> z3.mkAnd(a.operands().stream().map(this::formula).toArray(BoolExpr[]::new));
            case Formula.Or o -> z3.mkOr(o.operands().stream().map(this::formula).toArray(BoolExpr[]::new));
            case Formula.Not n -> z3.mkNot(formula(n.operand()));
        };
        memo.put(f, e);
        return e;
    }

    private BoolExpr compare(Formula.Compare c) {
        int w = c.width().bits();
        BitVecExpr x = narrow(term(c.left()), w), y = narrow(term(c.right()), w);
        return switch (c.op()) {
            case EQ -> z3.mkEq(x, y);
            case NE -> z3.mkNot(z3.mkEq(x, y));
            case ULT -> z3.mkBVULT(x, y);
            case ULE -> z3.mkBVULE(x, y);
            case UGT -> z3.mkBVUGT(x, y);
            case UGE -> z3.mkBVUGE(x, y);
            case SLT -> z3.mkBVSLT(x, y);
            case SLE -> z3.mkBVSLE(x, y);
            case SGT -> z3.mkBVSGT(x, y);
            case SGE -> z3.mkBVSGE(x, y);
        };
    }
}
