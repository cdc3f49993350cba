/*
 * Subcommands of cnnacc. Each gets argv starting at its own name and
 * returns the process exit status: 0 success, 1 failure (bad input file,
 * I/O), 2 usage error. main.c lists them in its dispatch table.
 */
#ifndef CMD_H
#define CMD_H

int cmd_info(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_layer(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_merge_reports(int argc, char **argv);

#endif
