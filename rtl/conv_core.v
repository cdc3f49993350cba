// Everything behind the CONV command: buffers, window generator, array,
// accumulators, requantization.
//
// Schedule of one command (cycles after acceptance):
//   11     set-up: products of the command fields, one per cycle (once
//          per command)
//   ROWS   load chunk 0: its weight rows and lane descriptors
//   nch * max(P, ROWS)   chunks back to back, one pixel per cycle; during
//          chunk j the weights and descriptors of chunk j+1 load into the
//          shadow registers, so consecutive chunks have no gap; with
//          shared requantizers (G = COLS / RQ_UNITS > 1) or sequential ones
//          (RQ_SEQ, a sum every RQ_II cycles) the last chunk of an ACC_LAST
//          command issues a pixel every GI = G * RQ_II cycles and lasts
//          max(GI * P, ROWS)
//   ROWS + COLS + 11 + WR   drain: lane skew, array, accumulate, requantize
//          (WR = 1 with TIMING_REGS, see below)
// (nch = ceil(K / ROWS), P = OUT_H * OUT_W.)
//
// Two halves: the set-up half takes a command, computes its products and
// loads its chunk 0; the run half schedules pixels. The set-up half takes
// the next command once the current one is in its last chunk and every
// lane has latched that chunk's window constants (ROWS cycles in), and
// the run half goes on to the next command right after the last chunk,
// so back to back a command costs nch * max(P, ROWS) cycles when the
// previous command's last chunk lasts at least 2 * ROWS + 11 cycles (less
// adds the difference). The run half keeps its own copy of the fields it
// uses in its last chunk; a switch to a later chunk reads the set-up
// half's fields, which still hold the same command then (the next one is
// taken only in the last chunk). Everything the drain still needs travels
// with the data: each lane latches its window constants at its own chunk
// start, the register bank parity of the weights runs on across commands,
// and the requantization parameters and output bank come from one of two
// parameter sets, picked by a command parity bit carried down the column
// pipeline. At most two commands are in flight, so a parameter set is
// rewritten only after its command has finished. Accumulator reads of the
// new command come at least max(P, ROWS) cycles (of the old command) after
// the old command's reads of the same pixel, after its writes, as between
// chunks.
//
// With OVERLAP = 0 (small devices) the core holds one CONV: it takes the
// next one only once the current one has written its last result (busy
// low), so each field and parameter has a single copy: the set-up half's
// registers, read by the run half, the lanes and the drain alike (no run
// half copies, no per-lane window constants, one parameter set, no parity
// bit). A command then costs its own set-up, chunk 0 load and drain, some
// 11 + 2 * ROWS + COLS + 11 cycles (plus the requantizer's latency and
// spacing on the last pixel), on top of nch * max(P, ROWS).
//
// Timing of one pixel, with g the cycle lane 0 schedules it: lane r's
// element enters array row r at g + r + 3 + WR; column c's chunk sum leaves
// the array at g + ROWS + c + 5 + WR. (WR = 1 with TIMING_REGS: the window
// generator's byte is registered after its block RAM, and the weight rows
// wait a cycle with it, so the array sees the same schedule.) Column c's
// accumulator reads two cycles
// earlier (the block RAM's word is registered once more in logic; one
// cycle with TIMING_REGS = 0, no register), adds, and writes back (or
// requantizes, on the last chunk) two cycles later. A pixel's next read
// comes max(P, ROWS) >= 4 cycles after its read, after the write.
module conv_core #(
    parameter ROWS      = 8,
    parameter COLS      = 8,
    parameter ACT_BYTES = 8192,
    parameter WGT_ROWS  = 512,
    parameter ACC_DEPTH = 1024,
    parameter RQ_UNITS  = COLS,     // requantizers; divides COLS, COLS/RQ_UNITS is 1 or even
    // 1: sequential requantizers (requant_seq: one multiplier each, a sum
    // every RQ_II cycles) for devices short of DSP blocks and logic
    parameter RQ_SEQ    = 0,
    // 1: ECP5 builds, the PEs' and the pipelined requantizers' products in
    // MULT18X18D blocks with their own registers (rtl/pe.v, rtl/requant.v)
    parameter ECP5_DSP  = 0,
    // 1: ECP5 builds, the window generator's lane memories in DP16KD blocks
    // with their output registers (rtl/byte_ram_ecp5.v); needs TIMING_REGS
    parameter ECP5_EBR  = 0,
    // 1: take the next CONV while the current one runs its last chunk; 0:
    // one CONV at a time, fewer registers (see the top)
    parameter OVERLAP   = 1,
    // 1: each accumulator's word is registered after its block RAM (read a
    // cycle earlier; same cycles); 0: added straight from the RAM
    parameter TIMING_REGS = 1,
    // bytes per buffer write (act, weight, qp words from the DMA): 8, or 4
    // behind a 4-byte memory bus
    parameter WR_BYTES  = 8
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        cmd_valid,
    output wire        cmd_ready,
    input  wire [15:0] in_w, in_h, in_c, out_w, out_h,
    input  wire [7:0]  ncols, k_w, k_h, stride_w, stride_h, pad_l, pad_t,
    input  wire [7:0]  zp_in, zp_out, act_min, act_max,
    input  wire        act_bank, wgt_bank, out_bank, acc_first, acc_last,
    output wire        busy,
    output wire        busy_prev,
    input  wire        act_we, act_wbank,
    input  wire [$clog2(ACT_BYTES/WR_BYTES)-1:0] act_waddr,
    input  wire [8*WR_BYTES-1:0] act_wdata,
    input  wire [WR_BYTES-1:0]   act_wstrb,
    input  wire        wgt_we, wgt_wbank,
    input  wire [$clog2(WGT_ROWS*COLS/WR_BYTES)-1:0] wgt_waddr,
    input  wire [8*WR_BYTES-1:0] wgt_wdata,
    input  wire        qp_we, qp_wbank,
    input  wire [$clog2(12*COLS/WR_BYTES)-1:0] qp_waddr,
    input  wire [8*WR_BYTES-1:0] qp_wdata,
    input  wire        out_re, out_rbank,
    input  wire [$clog2(ACC_DEPTH)-1:0] out_raddr,
    output wire [COLS*8-1:0] out_rdata,
    output wire        stat_vec,
    output wire [15:0] stat_macs
);
    localparam AB     = $clog2(ACT_BYTES);
    // IN_W, IN_H <= IN_H * IN_W * IN_C <= ACT_BYTES (controller's size check)
    localparam SZB    = $clog2(ACT_BYTES + 1);
    localparam KBITS  = $clog2(WGT_ROWS + ROWS + 1);   // k up to nch*ROWS
    localparam PB     = $clog2(ACC_DEPTH);
    localparam CB     = PB + 1;                         // P, OUT_W, OUT_H <= ACC_DEPTH
    localparam NCB    = $clog2(COLS + 1);               // NCOLS <= COLS
    localparam LW     = ROWS > 1 ? $clog2(ROWS) : 1;
    localparam PERMIN = ROWS > 4 ? ROWS : 4;            // shortest chunk period
    // Requantization: RQ_UNITS units, each serving G neighbouring columns
    // and taking a sum every RQ_II cycles. The last chunk of an ACC_LAST
    // command schedules one pixel every GI = G * RQ_II cycles, so a unit
    // receives one of its columns' sums every RQ_II cycles.
    localparam G      = COLS / RQ_UNITS;
    localparam GB     = G > 1 ? $clog2(G) : 1;          // column within a unit
    localparam SEQ    = RQ_SEQ != 0;
    localparam RQ_II  = SEQ ? 8 : 1;                    // requant_seq's input interval
    localparam GI     = G * RQ_II;
    localparam GIB    = GI > 1 ? $clog2(GI) : 1;        // pixel gap counter
    localparam CIW    = $clog2(PERMIN + 1);             // cycles into a chunk, up to PERMIN
    // Weight bank: one RAM word holds RPW whole rows and WPW DMA words
    // (WR_BYTES each).
    localparam WBW    = 8 * WR_BYTES;
    localparam WW     = COLS * 8 > WBW ? COLS * 8 : WBW;
    localparam RPW    = WW / (COLS * 8);
    localparam WPW    = WW / WBW;
    localparam RPW_L2 = $clog2(RPW);
    localparam WPW_L2 = $clog2(WPW);
    localparam WDEPTH = WGT_ROWS / RPW;                  // words per bank
    localparam WAB    = $clog2(WDEPTH);

    // ---- command latch ----------------------------------------------------
    // set-up half: S_IDLE, then products (S_SET), then chunk 0 loads
    // (S_PRE), then S_READY until the run half takes the command
    localparam [1:0] S_IDLE = 2'd0, S_SET = 2'd1, S_PRE = 2'd2, S_READY = 2'd3;
    reg [1:0] state;
    reg       run;                     // run half: a command's pixels are scheduled
    wire      run_free;                // run half idle, or may take a command ROWS cycles on

    // set-up half: fields of the command being set up, at the widths the
    // controller's checks allow: sizes by their buffers (IN_C <= K <=
    // WGT_ROWS, OUT_H * OUT_W <= ACC_DEPTH), K_W, K_H <= 16, strides <= 8,
    // PAD_L < K_W, PAD_T < K_H, NCOLS <= COLS
    reg [SZB-1:0]   c_in_w, c_in_h;
    reg [KBITS-1:0] c_in_c;
    reg [CB-1:0]    c_out_w, c_out_h;
    reg [CB:0]      c_ow2;             // OUT_W - 2: the row counter's start
    reg [NCB-1:0]   c_ncols;
    reg [4:0]       c_k_w, c_k_h;
    reg [3:0]       c_s_w, c_s_h, c_pad_l, c_pad_t;
    reg [7:0]       c_zp_in;
    reg        c_act_bank, c_wgt_bank, c_first, c_last;
    // drain: requantization parameters of the commands of parity 0 and 1
    // (OVERLAP = 0: parity 0 only)
    localparam OV = OVERLAP != 0;
    reg        c_par;                  // parity of the command being set up
    wire       n_par = OV && !c_par;   // parity of a command accepted now
    reg [7:0]  q_zp_out [0:1];
    reg [7:0]  q_min [0:1];
    reg [7:0]  q_max [0:1];
    reg        q_wgt_bank [0:1];
    reg        q_out_bank [0:1];
    reg [1:0]  inflight;               // accepted, last result not yet written
    wire       done;                   // a command wrote its last result

    wire accept = cmd_valid && cmd_ready;
    // OVERLAP = 0: none in flight also means the set-up half is idle and
    // the run half free (a command leaves S_IDLE and its run before done)
    assign cmd_ready = OV ? state == S_IDLE && inflight != 2'd2 && run_free
                          : inflight == 2'd0;
    assign busy = inflight != 2'd0;
    assign busy_prev = OV && inflight == 2'd2;

    always @(posedge clk) begin
        if (rst) begin
            c_par <= 1'b0;
            inflight <= 2'd0;
        end else begin
            if (accept) c_par <= n_par;
            if (OV) inflight <= inflight + {1'b0, accept} - {1'b0, done};
            else    inflight <= {1'b0, accept || (inflight[0] && !done)};
        end
        if (accept) begin
            c_in_w <= SZB'(in_w);     c_in_h <= SZB'(in_h);  c_in_c <= KBITS'(in_c);
            c_out_w <= CB'(out_w);    c_out_h <= CB'(out_h); c_ncols <= NCB'(ncols);
            c_ow2 <= (CB+1)'(out_w) - (CB+1)'(2);
            c_k_w <= k_w[4:0];        c_k_h <= k_h[4:0];
            c_s_w <= stride_w[3:0];   c_s_h <= stride_h[3:0];
            c_pad_l <= pad_l[3:0];    c_pad_t <= pad_t[3:0]; c_zp_in <= zp_in;
            c_act_bank <= act_bank; c_wgt_bank <= wgt_bank;
            c_first <= acc_first;   c_last <= acc_last;
            q_zp_out[n_par] <= zp_out;
            q_min[n_par] <= act_min;
            q_max[n_par] <= act_max;
            q_wgt_bank[n_par] <= wgt_bank;
            q_out_bank[n_par] <= out_bank;
        end
    end

    // ---- set-up products (once per command, off the per-cycle path) --------
    // One multiplier, one product per cycle of S_SET (soft logic on FPGAs
    // with few DSP blocks), in dependency order. Every product is only kept
    // modulo 2^MW, so the operands are cut to MW bits as well. The operands
    // and the product are registered: the operands picked in step s are
    // multiplied in step s + 1 and the result is stored in step s + 2, so a
    // product can use results stored by step s - 1, three steps back.
    reg [AB-1:0]    row_bytes, step_x, step_y, addr_start;
    reg [KBITS-1:0] kwc, k_total;
    reg [CB-1:0]    npix;
    reg             npix1;             // npix == 1
    localparam MACW = $clog2(ROWS * 255 + 1);           // MACs per vector
    reg [MACW-1:0]  macs_full, macs_last;   // per vector: full chunks, the last chunk
    wire [KBITS-1:0] k_less1 = k_total - KBITS'(1);
    wire [KBITS-1:0] lanes_last = k_less1 % KBITS'(ROWS) + KBITS'(1);
    localparam MW0  = AB > KBITS ? AB : KBITS;
    localparam MW1  = MW0 > CB ? MW0 : CB;
    localparam MW   = MW1 > MACW ? MW1 : MACW;          // product bits kept
    reg  [3:0]    su_step;
    reg  [MW-1:0] su_a, su_b;
    wire [MW-1:0] su_p;
    always @(posedge clk) begin
        case (su_step)                                  // operands, stored in step + 2
            4'd0:    begin su_a <= MW'(c_in_w);     su_b <= MW'(c_in_c);    end  // row_bytes
            4'd1:    begin su_a <= MW'(c_k_w);      su_b <= MW'(c_in_c);    end  // kwc
            4'd2:    begin su_a <= MW'(c_s_w);      su_b <= MW'(c_in_c);    end  // step_x
            4'd3:    begin su_a <= MW'(c_pad_l);    su_b <= MW'(c_in_c);    end  // addr_start
            4'd4:    begin su_a <= MW'(c_k_h);      su_b <= MW'(kwc);       end  // k_total
            4'd5:    begin su_a <= MW'(c_out_h);    su_b <= MW'(c_out_w);   end  // npix
            4'd6:    begin su_a <= MW'(c_s_h);      su_b <= MW'(row_bytes); end  // step_y
            4'd7:    begin su_a <= MW'(c_pad_t);    su_b <= MW'(row_bytes); end  // addr_start
            default: begin su_a <= MW'(lanes_last); su_b <= MW'(c_ncols);   end  // macs_last
        endcase
    end
    mul_reg #(.W(MW), .ECP5_DSP(ECP5_DSP)) u_su (.clk(clk), .a(su_a), .b(su_b), .p(su_p));
    localparam [3:0] SU_LAST = 4'd10;
    wire su_last = state == S_SET && su_step == SU_LAST;
    always @(posedge clk) begin
        su_step <= state == S_SET ? su_step + 4'd1 : 4'd0;
        // addr_start = -PAD_L * IN_C - PAD_T * IN_W * IN_C, from 0 at the
        // acceptance (window_gen took the previous command's at its tap_init)
        if (accept)
            addr_start <= {AB{1'b0}};
        else if (state == S_SET && (su_step == 4'd5 || su_step == 4'd9))
            addr_start <= addr_start - AB'(su_p);
        if (state == S_SET)
            case (su_step)
                4'd2: row_bytes <= AB'(su_p);
                4'd3: kwc <= KBITS'(su_p);
                4'd4: step_x <= AB'(su_p);
                4'd6: k_total <= KBITS'(su_p);
                4'd7: begin
                    npix <= CB'(su_p);
                    npix1 <= CB'(su_p) == CB'(1);
                end
                4'd8: step_y <= AB'(su_p);
                // per-chunk MAC counts, so no multiplier sits on the chunk
                // switch: every chunk has ROWS valid lanes but the last one
                4'd10: begin
                    macs_full <= MACW'(ROWS) * MACW'(c_ncols);
                    macs_last <= MACW'(su_p);
                end
                default: ;
            endcase
    end

    // ---- chunk scheduler (lane 0 time) -----------------------------------
    // A chunk lasts until its pixels are scheduled, and at least PERMIN
    // cycles: max(P, PERMIN), or max(GI * P, PERMIN) for the last chunk of
    // ACC_LAST, whose pixels come every GI cycles. The pixel counter runs
    // down, and flags registered beside it say when it is at 0 or 1, so
    // the chunk's end is decided from a few register bits; a chunk switch
    // reloads it from the set-up half (see the schedule above). Likewise a
    // row counter from OUT_W - 2 down turns negative at a row's last pixel,
    // and the other terms of the chunk's end are registered flags too.
    reg [CIW-1:0]   cyc_in;            // cycles of the chunk gone, up to PERMIN
    reg             cyc_ok;            // run && cyc_in >= PERMIN - 1
    reg             cyc_rows;          // cyc_in >= ROWS (run_free, so cmd_ready
                                       // comes from register bits)
    reg [CB-1:0]    pix_left;          // pixels of the chunk not yet scheduled
    reg             pl_zero, pl_one;   // pix_left == 0, pix_left == 1
    reg [GIB-1:0]   gap;               // cycles until the next pixel may issue
    reg [CB:0]      row_left;          // pixels of the row after the next one, less 1
    reg             row_st;            // the next pixel starts a row
    reg [KBITS-1:0] k_left;            // K minus the chunk's first k
    reg             jpar, last_chunk;
    reg             pix_last;          // run_last && last_chunk
    reg [LW:0]      pre_cnt;
    reg             su_ready;          // chunk 0 of the set-up command loaded from the next cycle on
    reg [MACW-1:0]  macs_chunk;
    // the run half's copy of the fields its last chunk uses (OVERLAP = 0:
    // the set-up half's, which hold the same command until it is done)
    reg [CB:0]      r_ow2;
    reg             r_first;           // ACC_FIRST and still in chunk 0
    reg             r_last, r_par;
    wire [CB:0]     run_ow2   = OV ? r_ow2 : c_ow2;
    wire            run_last  = OV ? r_last : c_last;
    wire            run_par   = OV && r_par;

    wire gap0      = gap == {GIB{1'b0}};
    wire pix_v     = run && !pl_zero && gap0;
    wire pix_cs    = run && cyc_in == {CIW{1'b0}};
    wire pix_rs    = row_st;
    wire pix_end   = last_chunk && pl_one;
    // the chunk's pixels are done at the end of this cycle: its last pixel
    // issues with no idle cycles to follow, or the last idle cycle passes
    wire pix_done  = pl_zero ? gap0 || gap == GIB'(1)
                   : pl_one && gap0 && !(GI > 1 && pix_last);
    wire chunk_end = cyc_ok && pix_done;
    // at the switch from a chunk that is not the last: the next one is last
    wire next_last = {1'b0, k_left} <= (KBITS+1)'(2 * ROWS);
    // The lanes latch the window constants at their chunk start, lane
    // ROWS-1 at cycle ROWS-1 of the chunk: after that the set-up half may
    // change them (OVERLAP = 1).
    assign run_free = !run || (last_chunk && cyc_rows);
    // the set-up command is ready (chunk 0 loaded) from the next cycle on
    // (su_ready: in S_READY, or in cycle ROWS - 2 of S_PRE, known a cycle
    // ahead); with OVERLAP = 0 the run half is idle then
    wire run_take  = su_ready && (!OV || !run || (chunk_end && last_chunk));

    always @(posedge clk) begin
        if (rst) begin
            state <= S_IDLE;
            run <= 1'b0;
            su_ready <= 1'b0;
            cyc_ok <= 1'b0;
        end else begin
            su_ready <= (ROWS == 2 && su_last)
                     || (!run_take && (state == S_READY
                                       || (state == S_PRE && (pre_cnt == (LW+1)'(ROWS - 2)
                                                              || pre_cnt == (LW+1)'(ROWS - 3)))));
            if (run_take || chunk_end) cyc_ok <= 1'b0;
            else if (run)              cyc_ok <= cyc_in >= CIW'(PERMIN - 2);
            case (state)
                S_IDLE:  if (accept) state <= S_SET;
                S_SET:   if (su_last) state <= S_PRE;
                S_PRE:   if (run_take) state <= S_IDLE;
                         else if (su_ready) state <= S_READY;
                default: if (run_take) state <= S_IDLE;     // S_READY
            endcase
            if (run_take) run <= 1'b1;
            else if (chunk_end && last_chunk) run <= 1'b0;
        end
        // counters below only matter while the state machine uses them
        pre_cnt <= state == S_PRE ? pre_cnt + 1'b1 : {(LW+1){1'b0}};
        // The weight register bank alternates across commands too: the
        // first chunk of a command loads the bank the previous chunk left.
        if (rst) jpar <= 1'b0;
        else if (chunk_end) jpar <= !jpar;
        // OVERLAP = 0: ACC_FIRST from the acceptance (the run half is idle then)
        if (!OV && accept) r_first <= acc_first;
        if (run_take) begin
            cyc_in <= {CIW{1'b0}};
            cyc_rows <= 1'b0;
            pix_left <= npix;
            pl_zero <= 1'b0;           // P >= 1
            pl_one <= npix1;
            gap <= {GIB{1'b0}};
            row_left <= c_ow2;
            row_st <= 1'b1;
            k_left <= k_total;
            last_chunk <= k_total <= KBITS'(ROWS);
            pix_last <= c_last && k_total <= KBITS'(ROWS);
            macs_chunk <= k_total <= KBITS'(ROWS) ? macs_last : macs_full;
            r_ow2 <= c_ow2;
            if (OV) r_first <= c_first;
            r_last <= c_last;      r_par <= c_par;
        end else if (run) begin
            if (chunk_end) begin
                // from a chunk that is not the last (else run ends or
                // run_take wins), so the set-up fields are this command's
                cyc_in <= {CIW{1'b0}};
                cyc_rows <= 1'b0;
                pix_left <= npix;
                pl_zero <= 1'b0;
                pl_one <= npix1;
                gap <= {GIB{1'b0}};
                row_left <= run_ow2;
                row_st <= 1'b1;
                k_left <= k_left - KBITS'(ROWS);
                last_chunk <= next_last;
                pix_last <= run_last && next_last;
                macs_chunk <= next_last ? macs_last : macs_full;
                r_first <= 1'b0;
            end else begin
                if (cyc_in != CIW'(PERMIN)) begin
                    cyc_in <= cyc_in + 1'b1;
                    cyc_rows <= cyc_in >= CIW'(ROWS - 1);
                end
                if (pix_v) begin
                    pix_left <= pix_left - 1'b1;
                    pl_zero <= pl_one;
                    pl_one <= pix_left == CB'(2);
                    // negative: this pixel ends its row
                    row_left <= row_left[CB] ? run_ow2 : row_left - 1'b1;
                    row_st <= row_left[CB];
                    // the last chunk of ACC_LAST: GI - 1 idle cycles after each pixel
                    gap <= pix_last ? GIB'(GI - 1) : {GIB{1'b0}};
                end else if (gap != {GIB{1'b0}}) begin
                    gap <= gap - 1'b1;
                end
            end
        end
    end

    assign stat_vec = pix_v;
    assign stat_macs = pix_v ? 16'(macs_chunk) : 16'd0;

    // ---- preparation of the next chunk: ROWS weight rows + lane descriptors
    wire            prep_go = su_last || (pix_cs && !last_chunk);
    reg             prep_on, prep_bank;
    reg [LW-1:0]    prep_lane;
    reg [KBITS-1:0] prep_k;
    wire            prep_kv = prep_k < k_total;   // the lane's k is below K
    always @(posedge clk) begin
        if (rst) begin
            prep_on <= 1'b0;
        end else if (prep_go) begin
            prep_on <= 1'b1;
        end else if (prep_on && prep_lane == LW'(ROWS - 1)) begin
            prep_on <= 1'b0;
        end
        if (su_last)  prep_k <= {KBITS{1'b0}};
        else if (prep_on)     prep_k <= prep_k + 1'b1;
        if (rst) prep_bank <= 1'b0;
        else if (prep_on && prep_lane == LW'(ROWS - 1)) prep_bank <= !prep_bank;
        if (prep_go) prep_lane <= {LW{1'b0}};
        else if (prep_on) prep_lane <= prep_lane + 1'b1;
    end

    // ---- weight banks ------------------------------------------------------
    // The bank is the top address bit of every two-bank RAM, so each bank
    // spans a power of two words.
    wire [WW-1:0]   wgt_word;
    wire [WAB:0]    wgt_raddr = {c_wgt_bank, WAB'(prep_k >> RPW_L2)};
    wire [WAB:0]    wgt_wword;
    wire [WW/8-1:0] wgt_strb;
    generate
        if (WPW == 1) begin : g_w1
            assign wgt_wword = {wgt_wbank, wgt_waddr};
            assign wgt_strb = {(WW/8){1'b1}};
        end else begin : g_wn
            assign wgt_wword = {wgt_wbank, wgt_waddr[$bits(wgt_waddr)-1:WPW_L2]};
            assign wgt_strb = {{(WW/8-WR_BYTES){1'b0}}, {WR_BYTES{1'b1}}}
                              << (WR_BYTES * wgt_waddr[WPW_L2-1:0]);
        end
    endgenerate
    sdp_ram #(.WIDTH(WW), .DEPTH(2 << WAB)) u_wgt (
        .clk(clk),
        .we(wgt_we), .waddr(wgt_wword), .wdata({WPW{wgt_wdata}}), .wstrb(wgt_strb),
        .re(prep_on), .raddr(wgt_raddr), .rdata(wgt_word));

    // one cycle after the read: pick the row, mask rows k >= K and idle columns
    reg             rd_on, rd_start, rd_bank, rd_kv;
    reg [RPW_L2:0]  rd_sub;
    always @(posedge clk) begin
        if (rst) rd_on <= 1'b0;
        else     rd_on <= prep_on;
        rd_start <= prep_lane == {LW{1'b0}};
        rd_bank <= prep_bank;
        rd_kv <= prep_kv;
        rd_sub <= (RPW_L2+1)'(prep_k & KBITS'(RPW - 1));
    end
    wire [COLS*8-1:0] rd_row = wgt_word[COLS*8*rd_sub +: COLS*8];
    reg  [COLS*8-1:0] wl_row;
    reg               wl_start, wl_bank;
    integer mc;
    always @(posedge clk) begin
        if (rst) wl_start <= 1'b0;
        else     wl_start <= rd_on && rd_start;
        wl_bank <= rd_bank;
        for (mc = 0; mc < COLS; mc = mc + 1)
            wl_row[8*mc +: 8] <= rd_kv && mc < 32'(c_ncols) ? rd_row[8*mc +: 8] : 8'd0;
    end

    // ---- window generator and array ---------------------------------------
    // With TIMING_REGS the window generator registers its byte after the
    // block RAM (WR = 1; ECP5_EBR: in the block), and the weight rows wait
    // a cycle with it.
    localparam WR = TIMING_REGS != 0 || ECP5_EBR != 0 ? 1 : 0;
    wire              arr_wl_start, arr_wl_bank;
    wire [COLS*8-1:0] arr_wl_row;
    delay_line #(.W(1), .N(WR), .RESET(1)) u_wl_start (
        .clk(clk), .rst(rst), .d(wl_start), .q(arr_wl_start));
    delay_line #(.W(COLS*8+1), .N(WR)) u_wl_row (
        .clk(clk), .rst(rst), .d({wl_bank, wl_row}), .q({arr_wl_bank, arr_wl_row}));
    wire [ROWS*8-1:0] arr_x;
    wire [ROWS-1:0]   arr_sel;
    // Tile coordinates lie in -15 .. 8 * (ACC_DEPTH - 1) + 15 (stride 8,
    // kernel 16, OUT_W, OUT_H <= ACC_DEPTH) and the input sizes are at most
    // ACT_BYTES: window_gen's unsigned coordinates need 2^IXW above both
    // the largest coordinate and ACT_BYTES + 15 (see there).
    localparam IXW = $clog2(8 * ACC_DEPTH + 8 > ACT_BYTES + 16 ? 8 * ACC_DEPTH + 8
                                                     : ACT_BYTES + 16);
    window_gen #(.ROWS(ROWS), .ACT_BYTES(ACT_BYTES), .KBITS(KBITS), .IXW(IXW),
                 .LATCH(OVERLAP), .WB(WR_BYTES), .RAM_REG(WR),
                 .ECP5_EBR(ECP5_EBR)) u_win (
        .clk(clk), .rst(rst),
        .in_w(16'(c_in_w)), .in_h(16'(c_in_h)), .in_c(16'(c_in_c)), .k_w(8'(c_k_w)),
        .stride_w(8'(c_s_w)), .stride_h(8'(c_s_h)), .pad_l(8'(c_pad_l)), .pad_t(8'(c_pad_t)),
        .zp_in(c_zp_in), .act_bank(c_act_bank),
        .row_bytes(row_bytes), .step_x(step_x), .step_y(step_y), .addr_start(addr_start),
        .act_we(act_we), .act_wbank(act_wbank), .act_waddr(act_waddr),
        .act_wdata(act_wdata), .act_wstrb(act_wstrb),
        .tap_init(su_last), .tap_we(prep_on), .tap_lane(prep_lane), .tap_kv(prep_kv),
        .pix_valid(pix_v), .chunk_start(pix_cs), .row_start(pix_rs), .bank_sel(jpar),
        .x(arr_x), .sel(arr_sel));

    wire [COLS*32-1:0] psum;
    systolic_array #(.ROWS(ROWS), .COLS(COLS), .ECP5_DSP(ECP5_DSP),
                     .COL0_DSP_IN_REG(WR)) u_array (
        .clk(clk), .rst(rst), .x_in(arr_x), .sel_in(arr_sel),
        .wl_start(arr_wl_start), .wl_bank(arr_wl_bank), .wl_row(arr_wl_row), .psum_out(psum));

    // ---- per-column accumulate / requantize / output ----------------------
    // column control: {valid, first, last, end, parity, pixel}. Column c
    // reads its accumulator with col_ctl[c] (g + ROWS + c + 4 + WR - AR) and,
    // with AR, registers the word with col_ctl[c + 1]; the add follows.
    // Every chunk schedules its pixels in order from 0 on, so the pixel
    // index is counted here, in the first stage, from a chunk start bit
    // rather than carried down the delay line.
    localparam CTW = 5 + PB;
    localparam AR  = TIMING_REGS != 0 ? 1 : 0;    // the accumulator word's register
    wire [CTW-1:0] col_ctl [0:COLS];
    wire [5:0]     ctl_in;             // {valid, first, last, end, parity, chunk start}
    reg  [4:0]     ctl0;
    reg  [PB-1:0]  pix0;
    delay_line #(.W(6), .N(ROWS + 3 + WR - AR), .RESET(1)) u_ctl0 (
        .clk(clk), .rst(rst),
        .d({pix_v, r_first, pix_last, pix_end, run_par, pix_cs}), .q(ctl_in));
    always @(posedge clk) begin
        if (rst) ctl0 <= 5'd0;
        else     ctl0 <= ctl_in[5:1];
        // a chunk start is a valid pixel, pixel 0
        if (ctl_in[5]) pix0 <= ctl_in[0] ? {PB{1'b0}} : pix0 + 1'b1;
    end
    assign col_ctl[0] = {ctl0, pix0};

    // per column, towards the requantizers
    wire [COLS-1:0]        rq_next, rq_par1, rq_now, col_wdone;
    wire [COLS*32-1:0]     col_sum;
    wire [COLS*(PB+2)-1:0] col_tag;    // {end, parity, pixel} with the sum
    genvar c;
    generate
        for (c = 0; c < COLS; c = c + 1) begin : g_col
            delay_line #(.W(CTW), .N(1), .RESET(1)) u_ctl (
                .clk(clk), .rst(rst), .d(col_ctl[c]), .q(col_ctl[c+1]));

            // cycle A-AR: read the old sum; with AR, cycle A registers it,
            // so the block RAM's slow clock-to-output meets no adder
            wire [PB-1:0] a_pix = col_ctl[c][PB-1:0];
            wire [31:0]   acc_old;
            reg  [31:0]   acc_q;
            wire [31:0]   acc_in = AR != 0 ? acc_q : acc_old;
            // cycle A+1: add this chunk's sum
            reg  [CTW-1:0] ctl1, ctl2;
            reg  [31:0]    sum2;
            always @(posedge clk) begin
                if (rst) begin
                    ctl1 <= {CTW{1'b0}};
                    ctl2 <= {CTW{1'b0}};
                end else begin
                    ctl1 <= col_ctl[c+AR];
                    ctl2 <= ctl1;
                end
                acc_q <= acc_old;
                // with sequential requantizers a final sum waits here
                // (held between valid pixels) until its unit takes it
                if (!SEQ || ctl1[CTW-1])
                    sum2 <= (ctl1[CTW-2] ? 32'd0 : acc_in) + psum[32*c +: 32];
            end
            // cycle A+2: write back, or requantize on the last chunk
            wire v2 = ctl2[CTW-1], last2 = ctl2[CTW-3], end2 = ctl2[CTW-4];
            sdp_ram #(.WIDTH(32), .DEPTH(ACC_DEPTH)) u_acc (
                .clk(clk),
                .we(v2 && !last2), .waddr(ctl2[PB-1:0]), .wdata(sum2), .wstrb(4'hF),
                .re(1'b1), .raddr(a_pix), .rdata(acc_old));

            // to the column's requantizer: a final sum next cycle, this cycle
            assign rq_next[c] = ctl1[CTW-1] && ctl1[CTW-3];
            assign rq_par1[c] = ctl1[PB];
            assign rq_now[c] = v2 && last2;
            assign col_sum[32*c +: 32] = sum2;
            if (SEQ) begin : g_hold
                reg [PB+1:0] tag_h;    // the tag of sum2, held with it
                always @(posedge clk)
                    if (ctl1[CTW-1]) tag_h <= {ctl1[CTW-4], ctl1[PB], ctl1[PB-1:0]};
                assign col_tag[(PB+2)*c +: PB+2] = tag_h;
            end else begin : g_pass
                assign col_tag[(PB+2)*c +: PB+2] = {end2, ctl2[PB], ctl2[PB-1:0]};
            end
            assign col_wdone[c] = v2 && end2 && !last2;
        end
    endgenerate

    // ---- requantization units ---------------------------------------------
    // Unit u serves columns u*G .. u*G+G-1 and receives at most one final sum
    // every RQ_II cycles (see G). A pipelined unit takes column j's sum as it
    // arrives, j cycles after column 0's; a sequential one takes it j * RQ_II
    // cycles after column 0's, from the column's held sum2. Its quantization
    // parameters sit in RAMs, one per kind (bias, mult, shift), one entry per
    // column and bank, each read the cycle before the requantizer stage that
    // takes it (bias and shift: the cycle before the sum arrives; mult two
    // cycles later, and a pipelined unit's a cycle earlier still, into a
    // register in front of its multipliers), so none is copied down the
    // requantizer's pipeline. With 8-byte LOAD_QP words, which carry one
    // value of two neighbouring columns, H = 2 RAMs of a kind hold the even
    // and the odd columns of a unit serving several; 4-byte words
    // (WR_BYTES = 4) carry one column's value, so one RAM of a kind holds
    // all of them (H = 1: no pick between two RAM outputs). The shift
    // (-31 .. 31) keeps its low byte. The output stage parameters and the
    // output bank are looked up by the command parity in the tag.
    localparam QPW = WR_BYTES / 4;                       // values per qp word: 2 or 1
    localparam H   = G > 1 && QPW == 2 ? 2 : 1;
    localparam QD  = G / H;                              // entries per bank
    localparam HW  = COLS / QPW;                         // qp words per kind
    localparam QAW = $clog2(3 * HW);
    localparam QRB = $clog2(2 * QD);                     // qp RAM address
    wire [1:0] qp_kind = qp_waddr >= QAW'(2 * HW) ? 2'd2
                       : qp_waddr >= QAW'(HW) ? 2'd1 : 2'd0;
    wire [QAW-1:0] qp_word = qp_waddr - QAW'(qp_kind * HW);   // word within the kind

    wire [RQ_UNITS-1:0] unit_done;
    genvar u, h;
    generate
        for (u = 0; u < RQ_UNITS; u = u + 1) begin : g_unit
            // per column of the unit: its sum is taken next cycle (with its
            // command parity), or this cycle
            wire [G-1:0] take_next, take_par1, take_now;
            genvar jj;
            for (jj = 0; jj < G; jj = jj + 1) begin : g_take
                if (!SEQ || jj == 0) begin : g_arrival
                    assign take_next[jj] = rq_next[u * G + jj];
                    assign take_par1[jj] = rq_par1[u * G + jj];
                    assign take_now[jj]  = rq_now[u * G + jj];
                end else begin : g_spaced
                    delay_line #(.W(3), .N(jj * RQ_II), .RESET(1)) u_space (
                        .clk(clk), .rst(rst),
                        .d({rq_next[u * G], rq_par1[u * G], rq_now[u * G]}),
                        .q({take_next[jj], take_par1[jj], take_now[jj]}));
                end
            end
            // the column whose sum is taken next cycle, and its command parity
            reg [GB-1:0] sel1;
            reg          par1;
            integer      j;
            always @(*) begin
                sel1 = {GB{1'b0}};
                par1 = 1'b0;
                for (j = 0; j < G; j = j + 1)
                    if (take_next[j]) begin
                        sel1 = GB'(j);
                        par1 = take_par1[j];
                    end
            end
            // the same one to three cycles on, for the sum and the mult read
            reg [GB-1:0] sel2, sel3, sel4;
            reg          par2, par3;
            always @(posedge clk) begin
                sel2 <= sel1;
                sel3 <= sel2;
                sel4 <= sel3;
                par2 <= par1;
                par3 <= par2;
            end
            wire [31:0] s1w = 32'(sel1), s2w = 32'(sel2), s3w = 32'(sel3), s4w = 32'(sel4);
            // the sum taken and its tag, picked by a multiplexer per bit
            reg  [31:0]   acc2;
            reg  [PB+1:0] tag2;
            integer       jp;
            always @(*) begin
                acc2 = col_sum[32*u*G +: 32];
                tag2 = col_tag[(PB+2)*u*G +: PB+2];
                for (jp = 1; jp < G; jp = jp + 1)
                    if (sel2 == GB'(jp)) begin
                        acc2 = col_sum[32*(u*G + jp) +: 32];
                        tag2 = col_tag[(PB+2)*(u*G + jp) +: PB+2];
                    end
            end

            // A pipelined unit's multiplier takes mult from a register: the
            // RAM is read a cycle early and the column's word held a cycle
            // (u_mult_q), so the block RAM's output delay and the column pick
            // do not sit in front of the DSP blocks. A sequential unit loads
            // mult into a register of its own and reads it a cycle later.
            localparam MREG = !SEQ;
            wire [32*H-1:0] q_bias, q_mult;
            wire [8*H-1:0]  q_shift;
            for (h = 0; h < H; h = h + 1) begin : g_qram
                // column parity of this RAM's columns (two values a word)
                localparam HALF = H == 2 ? h : u % 2;
                // column of this RAM written by the LOAD_QP word at qp_word:
                // with two values a word, the one of parity HALF
                wire [QAW:0] qcol = QPW == 2 ? {qp_word, 1'b0} + (QAW+1)'(HALF)
                                             : {1'b0, qp_word};
                // offset in the unit; wraps above COLS for columns of units before
                wire [QAW:0] qrel = qcol - (QAW+1)'(u * G);
                wire         qhit = qrel < (QAW+1)'(G);
                wire [QAW:0] qent = qrel / H;
                wire [QRB-1:0] qwa = QRB'(32'(qp_wbank) * QD + 32'(qent));
                wire [31:0]  qv = qp_wdata[32*(QPW == 2 ? HALF : 0) +: 32];
                sdp_ram #(.WIDTH(32), .DEPTH(2 * QD)) u_bias (
                    .clk(clk),
                    .we(qp_we && qhit && qp_kind == 2'd0), .waddr(qwa), .wdata(qv), .wstrb(4'hF),
                    .re(1'b1), .raddr(QRB'(32'(q_wgt_bank[par1]) * QD + s1w / H)),
                    .rdata(q_bias[32*h +: 32]));
                sdp_ram #(.WIDTH(32), .DEPTH(2 * QD)) u_mult (
                    .clk(clk),
                    .we(qp_we && qhit && qp_kind == 2'd1), .waddr(qwa), .wdata(qv), .wstrb(4'hF),
                    .re(1'b1), .raddr(QRB'(32'(q_wgt_bank[MREG ? par2 : par3]) * QD
                                          + (MREG ? s2w : s3w) / H)),
                    .rdata(q_mult[32*h +: 32]));
                sdp_ram #(.WIDTH(8), .DEPTH(2 * QD)) u_shift (
                    .clk(clk),
                    .we(qp_we && qhit && qp_kind == 2'd2), .waddr(qwa), .wdata(qv[7:0]), .wstrb(1'b1),
                    .re(1'b1), .raddr(QRB'(32'(q_wgt_bank[par1]) * QD + s1w / H)),
                    .rdata(q_shift[8*h +: 8]));
            end
            wire [31:0] bias2  = q_bias[32 * (H == 2 ? s2w % 2 : 0) +: 32];
            wire [7:0]  shift2 = q_shift[8 * (H == 2 ? s2w % 2 : 0) +: 8];
            wire [31:0] mult_rd = q_mult[32 * (H == 2 ? (MREG ? s3w : s4w) % 2 : 0) +: 32];
            wire [31:0] mult4;
            delay_line #(.W(32), .N(MREG ? 1 : 0)) u_mult_q (
                .clk(clk), .rst(rst), .d(mult_rd), .q(mult4));

            wire          rq_v;
            wire [7:0]    rq_y;
            wire [GB+PB+1:0] rq_tag, rq_ltag;   // {column in unit, end, parity, pixel}
            if (SEQ) begin : g_seq
                requant_seq #(.TAG_W(GB + PB + 2)) u_rq (
                    .clk(clk), .rst(rst),
                    .in_valid(|take_now), .in_acc(acc2),
                    .in_tag({sel2, tag2}),
                    .bias(bias2), .mult(mult4), .shift(shift2[5:0]),
                    .last_tag(rq_ltag), .zp_out(q_zp_out[rq_ltag[PB]]),
                    .act_min(q_min[rq_ltag[PB]]), .act_max(q_max[rq_ltag[PB]]),
                    .out_valid(rq_v), .out_y(rq_y), .out_tag(rq_tag));
            end else begin : g_pipe
                /* verilator lint_off PINCONNECTEMPTY */
                // the int32 before the zero point is only observed by the unit bench
                requant #(.TAG_W(GB + PB + 2), .ECP5_DSP(ECP5_DSP)) u_rq (
                    .clk(clk), .rst(rst),
                    .in_valid(|take_now), .in_acc(acc2),
                    .in_tag({sel2, tag2}),
                    .bias(bias2), .mult(mult4), .shift(shift2[5:0]),
                    .last_tag(rq_ltag), .zp_out(q_zp_out[rq_ltag[PB]]),
                    .act_min(q_min[rq_ltag[PB]]), .act_max(q_max[rq_ltag[PB]]),
                    .out_valid(rq_v), .out_y(rq_y), .out_scaled(), .out_tag(rq_tag));
                /* verilator lint_on PINCONNECTEMPTY */
            end

            sdp_ram #(.WIDTH(8 * G), .DEPTH(2 << PB)) u_out (
                .clk(clk),
                .we(rq_v), .waddr({q_out_bank[rq_tag[PB]], rq_tag[PB-1:0]}), .wdata({G{rq_y}}),
                .wstrb(G'(1) << rq_tag[GB+PB+1:PB+2]),
                .re(out_re), .raddr({out_rbank, out_raddr}), .rdata(out_rdata[8*G*u +: 8*G]));

            assign unit_done[u] = rq_v && rq_tag[PB+1] && rq_tag[GB+PB+1:PB+2] == GB'(G - 1);
            // the shift's byte above its 6 bits; only the parity of last_tag;
            // with H = 1 no RAM output is picked by column
            wire unused_unit = &{1'b0, shift2[7:6], rq_ltag, s2w, s4w};
        end
    endgenerate

    // The last column finishes last; the control leaving it has no consumer.
    // The command fields' bits above the widths their checks allow are zero.
    assign done = col_wdone[COLS-1] || unit_done[RQ_UNITS-1];
    wire unused_ok = &{1'b0, col_ctl[COLS], col_wdone, unit_done, in_w, in_h, in_c,
                       out_w, out_h, ncols, k_w, k_h, stride_w, stride_h, pad_l, pad_t};
endmodule
