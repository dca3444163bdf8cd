package jtracec.spec.object;

public enum Signedness { SIGNED, UNSIGNED }
