// On-chip device memory for the engine's AXI-like master: 64-bit words in
// block RAM, one read burst and one write burst in flight at a time (they
// proceed in parallel on the two RAM ports). Byte addresses wrap modulo
// the memory size; the engine's MEM_BASE/MEM_SIZE window keeps it inside.
module dev_mem #(
    parameter WORDS = 2048
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        arvalid,
    output wire        arready,
    input  wire [31:0] araddr,
    input  wire [7:0]  arlen,
    output reg         rvalid,
    input  wire        rready,
    output wire [63:0] rdata,
    output reg         rlast,
    input  wire        awvalid,
    output wire        awready,
    input  wire [31:0] awaddr,
    input  wire [7:0]  awlen,
    input  wire        wvalid,
    output wire        wready,
    input  wire [63:0] wdata,
    input  wire [7:0]  wstrb,
    input  wire        wlast,
    output reg         bvalid,
    input  wire        bready
);
    localparam AW = $clog2(WORDS);

    // ---- read: issue a RAM read whenever the output register is free -----
    reg [AW-1:0] r_addr;
    reg [8:0]    r_left;                     // beats not yet read from the RAM
    wire         r_busy = r_left != 9'd0 || rvalid;
    wire         r_issue = r_left != 9'd0 && (!rvalid || rready);
    assign arready = !r_busy;

    always @(posedge clk) begin
        if (rst) begin
            r_left <= 9'd0;
            rvalid <= 1'b0;
        end else begin
            if (arvalid && arready) begin
                r_addr <= araddr[AW+2:3];
                r_left <= {1'b0, arlen} + 9'd1;
            end else if (r_issue) begin
                r_addr <= r_addr + 1'b1;
                r_left <= r_left - 9'd1;
            end
            if (r_issue) begin
                rvalid <= 1'b1;
                rlast <= r_left == 9'd1;
            end else if (rready) begin
                rvalid <= 1'b0;
            end
        end
    end

    // ---- write: address, then beats, then one response --------------------
    reg [AW-1:0] w_addr;
    reg          w_on;
    assign awready = !w_on && !bvalid;
    assign wready = w_on;
    wire w_beat = wvalid && w_on;

    always @(posedge clk) begin
        if (rst) begin
            w_on <= 1'b0;
            bvalid <= 1'b0;
        end else begin
            if (awvalid && awready) begin
                w_addr <= awaddr[AW+2:3];
                w_on <= 1'b1;
            end else if (w_beat) begin
                w_addr <= w_addr + 1'b1;
                if (wlast) begin
                    w_on <= 1'b0;
                    bvalid <= 1'b1;
                end
            end
            if (bvalid && bready) bvalid <= 1'b0;
        end
    end

    sdp_ram #(.WIDTH(64), .DEPTH(WORDS)) u_ram (
        .clk(clk), .we(w_beat), .waddr(w_addr), .wdata(wdata), .wstrb(wstrb),
        .re(r_issue), .raddr(r_addr), .rdata(rdata));

    // the burst length of a write is given by wlast
    wire unused_ok = &{1'b0, awlen, araddr[2:0], awaddr[2:0]};
endmodule
