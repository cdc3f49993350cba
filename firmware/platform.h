/* Where device memory sits in the engine's address space in simulation
 * (the C model and the Verilator harness both place it here). */
#ifndef PLATFORM_H
#define PLATFORM_H

#define DEV_MEM_BASE 0x10000000u

#endif
