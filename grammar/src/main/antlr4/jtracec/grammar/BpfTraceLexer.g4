/* Tokens of the bpftrace 0.17 language; the modes are explained in BpfTraceParser.g4. */
lexer grammar BpfTraceLexer;

@members {
    private boolean inPredicate = false;
}

// ---------------------------------------------------------------- lexer: top level

TOP_WS            : [ \t\r\n\f]+ -> skip ;
TOP_LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
TOP_BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
TOP_LBRACE        : '{' -> type(LBRACE), pushMode(BODY) ;
TOP_RBRACE        : '}' -> type(RBRACE) ;
PREDICATE_START   : '/' { inPredicate = true; } -> pushMode(BODY) ;
COMMA             : ',' ;
SEMI              : ';' ;
STRUCT_DECL       : ('struct' | 'union') [ \t\r\n]+ [a-zA-Z_] [a-zA-Z0-9_]* ;
// A provider name (BEGIN, kprobe, t, ...) and, after the first colon, anything up to a blank, ',' or
// '{' -- paths keep their '/' (so, as in bpftrace, "kprobe:f/pid/" is one attach point while
// "BEGIN/pid/" has a predicate).
ATTACH_WORD       : (ATTACH_NAME_CHAR | ATTACH_QUOTED)+ (':' (ATTACH_CHAR | ATTACH_QUOTED | '/')*)? ;
TOP_ERROR_CHAR    : . ;

fragment ATTACH_CHAR      : ~[ \t\r\n\f,;{}"/] ;
fragment ATTACH_NAME_CHAR : ~[ \t\r\n\f,;{}"/:] ;
fragment ATTACH_QUOTED : '"' ~["\r\n]* '"' ;

// ---------------------------------------------------------------- lexer: bodies and predicates

mode BODY;

WS            : [ \t\r\n\f]+ -> skip ;
LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;

// Closes a predicate and opens the probe body: the slash, blanks, and the brace. The mode stack
// is unchanged (the predicate's BODY becomes the block's BODY), so the body's '}' pops it.
PREDICATE_END : { inPredicate }? '/' [ \t\r\n\f]* '{' { inPredicate = false; } ;

LBRACE   : '{' -> pushMode(BODY) ;
RBRACE   : '}' -> popMode ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
BODY_COMMA : ',' -> type(COMMA) ;
BODY_SEMI  : ';' -> type(SEMI) ;
QUESTION : '?' ;
COLON    : ':' ;
ARROW    : '->' ;
DOT      : '.' ;

INC : '++' ;
DEC : '--' ;

ASSIGN     : '=' ;
ADD_ASSIGN : '+=' ;
SUB_ASSIGN : '-=' ;
MUL_ASSIGN : '*=' ;
DIV_ASSIGN : '/=' ;
MOD_ASSIGN : '%=' ;
AND_ASSIGN : '&=' ;
OR_ASSIGN  : '|=' ;
XOR_ASSIGN : '^=' ;
SHL_ASSIGN : '<<=' ;
SHR_ASSIGN : '>>=' ;

OR_OR   : '||' ;
AND_AND : '&&' ;
EQ      : '==' ;
NE      : '!=' ;
LE      : '<=' ;
GE      : '>=' ;
SHL     : '<<' ;
SHR     : '>>' ;
LT      : '<' ;
GT      : '>' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
PERCENT : '%' ;
AMP     : '&' ;
PIPE    : '|' ;
CARET   : '^' ;
BANG    : '!' ;
TILDE   : '~' ;

IF       : 'if' ;
ELSE     : 'else' ;
WHILE    : 'while' ;
UNROLL   : 'unroll' ;
BREAK    : 'break' ;
CONTINUE : 'continue' ;
RETURN   : 'return' ;
SIZEOF   : 'sizeof' ;
STRUCT   : 'struct' ;
UNION    : 'union' ;
ENUM     : 'enum' ;
INT_TYPE : 'u'? 'int' ('8' | '16' | '32' | '64') ;

INT
    : '0' [xX] [0-9a-fA-F] [0-9a-fA-F_]*
    | [0-9] [0-9_]* ([eE] [0-9]+)?
    ;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

MAP              : '@' ([a-zA-Z_] [a-zA-Z0-9_]*)? ;
POSITIONAL_COUNT : '$#' ;
POSITIONAL       : '$' [0-9]+ ;
VAR              : '$' [a-zA-Z_] [a-zA-Z0-9_]* ;
IDENT            : [a-zA-Z_] [a-zA-Z0-9_]* ;

ERROR_CHAR : . ;
