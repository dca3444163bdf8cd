package jtracec.spec.diag;

/**
 * A stable diagnostic code such as {@code E0204}. Each producer catalogues its own codes in an
 * enum that implements this (SyntaxCode, SemaCode, LowerCode, VerifyCode, ...), so tests match
 * codes and positions, never prose.
 */
public interface Code {
    String id();
}
