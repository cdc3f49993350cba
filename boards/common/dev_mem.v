// On-chip device memory for the engine's AXI-like master: words of
// BUS_BYTES bytes (the engine's bus width) in block RAM, one read burst and
// one write burst in flight at a time (they proceed in parallel on the two
// RAM ports). Byte addresses wrap modulo the memory size; the engine's
// MEM_BASE/MEM_SIZE window keeps it inside. Bursts follow the engine's
// rules (docs/ARCHITECTURE.md, Memory port): at most 16 beats, never across
// a 16-beat boundary, so a burst's word address steps only in its low 4
// bits and only len[3:0] is read.
//
// A second, byte-wide port serves the host bridge. It shares the two RAM
// ports with the engine and wins every conflict: a bridge write takes the
// write port for one cycle (the engine's write beat waits, wready low); a
// bridge read takes the read port in a cycle where the engine's RAM output
// register is free (b_rgrant) and returns the word on rdata the cycle
// after. The bridge makes at most one access per received or sent UART
// byte, so the engine loses at most one cycle in ten bit times.
//
// ONE_PORT = 1 puts the memory in a single-port RAM (the iCE40UP5K's SPRAM
// is single-port and holds 128 KiB): one access per cycle, the bridge
// first, then an engine write beat, then an engine read.
module dev_mem #(
    parameter WORDS     = 2048,          // memory size in words of BUS_BYTES
    parameter ONE_PORT  = 0,
    parameter BUS_BYTES = 8              // 4, 8 or 16
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        arvalid,
    output wire        arready,
    input  wire [31:0] araddr,
    input  wire [7:0]  arlen,
    output reg         rvalid,
    input  wire        rready,
    output wire [8*BUS_BYTES-1:0] rdata,
    output reg         rlast,
    input  wire        awvalid,
    output wire        awready,
    input  wire [31:0] awaddr,
    input  wire [7:0]  awlen,
    input  wire        wvalid,
    output wire        wready,
    input  wire [8*BUS_BYTES-1:0] wdata,
    input  wire [BUS_BYTES-1:0]   wstrb,
    input  wire        wlast,
    output reg         bvalid,
    input  wire        bready,
    input  wire        b_we,
    input  wire        b_re,
    output wire        b_rgrant,
    input  wire [31:0] b_addr,               // byte address
    input  wire [7:0]  b_wdata
);
    localparam AW = $clog2(WORDS);
    localparam LW = $clog2(BUS_BYTES);       // byte in a word

    // the next word of a burst: the same 16-beat block
    function [AW-1:0] step;
        input [AW-1:0] a;
        step = {a[AW-1:4], a[3:0] + 4'd1};
    endfunction

    // ---- read: issue a RAM read whenever the output register is free -----
    reg [AW-1:0] r_addr;
    reg [4:0]    r_left;                     // beats not yet read from the RAM
    wire         r_busy = r_left != 5'd0 || rvalid;
    wire         r_free = !rvalid || rready;   // RAM output register may change
    wire         w_beat;
    assign b_rgrant = b_re && r_free && !(ONE_PORT != 0 && b_we);
    wire         r_issue = r_left != 5'd0 && r_free && !b_re && !(ONE_PORT != 0 && (w_beat || b_we));
    assign arready = !r_busy;

    always @(posedge clk) begin
        if (rst) begin
            r_left <= 5'd0;
            rvalid <= 1'b0;
        end else begin
            if (arvalid && arready) begin
                r_addr <= araddr[AW+LW-1:LW];
                r_left <= {1'b0, arlen[3:0]} + 5'd1;
            end else if (r_issue) begin
                r_addr <= step(r_addr);
                r_left <= r_left - 5'd1;
            end
            if (r_issue) begin
                rvalid <= 1'b1;
                rlast <= r_left == 5'd1;
            end else if (rready) begin
                rvalid <= 1'b0;
            end
        end
    end

    // ---- write: address, then beats, then one response --------------------
    reg [AW-1:0] w_addr;
    reg          w_on;
    assign awready = !w_on && !bvalid;
    assign wready = w_on && !b_we && !(ONE_PORT != 0 && b_rgrant);
    assign w_beat = wvalid && wready;

    always @(posedge clk) begin
        if (rst) begin
            w_on <= 1'b0;
            bvalid <= 1'b0;
        end else begin
            if (awvalid && awready) begin
                w_addr <= awaddr[AW+LW-1:LW];
                w_on <= 1'b1;
            end else if (w_beat) begin
                w_addr <= step(w_addr);
                if (wlast) begin
                    w_on <= 1'b0;
                    bvalid <= 1'b1;
                end
            end
            if (bvalid && bready) bvalid <= 1'b0;
        end
    end

    wire [AW-1:0] b_word = b_addr[AW+LW-1:LW];
    wire          we     = w_beat || b_we;
    wire [AW-1:0] waddr  = b_we ? b_word : w_addr;
    wire [8*BUS_BYTES-1:0] wdat   = b_we ? {BUS_BYTES{b_wdata}} : wdata;
    wire [BUS_BYTES-1:0]   wstrb_ = b_we ? BUS_BYTES'(1) << b_addr[LW-1:0] : wstrb;
    wire          re     = r_issue || b_rgrant;
    wire [AW-1:0] raddr  = b_re ? b_word : r_addr;
    generate
        if (ONE_PORT != 0) begin : g_one
            // at most one of we and re is high in any cycle
            sp_ram #(.WIDTH(8 * BUS_BYTES), .DEPTH(WORDS)) u_ram (
                .clk(clk), .we(we), .re(re), .addr(we ? waddr : raddr), .wdata(wdat),
                .wstrb(wstrb_), .rdata(rdata));
        end else begin : g_two
            sdp_ram #(.WIDTH(8 * BUS_BYTES), .DEPTH(WORDS)) u_ram (
                .clk(clk), .we(we), .waddr(waddr), .wdata(wdat), .wstrb(wstrb_),
                .re(re), .raddr(raddr), .rdata(rdata));
        end
    endgenerate

    // the burst length of a write is given by wlast
    wire unused_ok = &{1'b0, awlen, arlen[7:4], araddr[LW-1:0], awaddr[LW-1:0], araddr[31:AW+LW],
                        awaddr[31:AW+LW], b_addr[31:AW+LW]};
endmodule
