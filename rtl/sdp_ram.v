// Simple dual-port RAM: one write port with byte enables, one read port
// with a registered (synchronous) read, so synthesis maps it to block RAM.
// The engine never reads and writes the same address in one cycle (the
// double-buffered banks are separated by the host's SYNC rule, and an
// accumulator is written back before its pixel is read again), so the
// result of that case is left open (no_rw_check): synthesis then adds no
// bypass logic around the block RAM, and small RAMs in flip-flops need no
// copy of the write data. Simulation returns the old word.
module sdp_ram #(
    parameter WIDTH = 64,                 // multiple of 8
    parameter DEPTH = 1024,
    parameter AW    = $clog2(DEPTH)
) (
    input  wire                 clk,
    input  wire                 we,
    input  wire [AW-1:0]        waddr,
    input  wire [WIDTH-1:0]     wdata,
    input  wire [WIDTH/8-1:0]   wstrb,
    input  wire                 re,
    input  wire [AW-1:0]        raddr,
    output reg  [WIDTH-1:0]     rdata
);
    (* no_rw_check *) reg [WIDTH-1:0] mem [0:DEPTH-1];
    integer b;

    always @(posedge clk) begin
        if (we)
            for (b = 0; b < WIDTH / 8; b = b + 1)
                if (wstrb[b])
                    mem[waddr][8*b +: 8] <= wdata[8*b +: 8];
        if (re)
            rdata <= mem[raddr];
    end
endmodule
