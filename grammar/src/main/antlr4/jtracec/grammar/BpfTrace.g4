grammar BpfTrace;
// placeholder replaced by the front-end work
program : EOF ;
