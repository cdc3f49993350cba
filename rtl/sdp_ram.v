// Simple dual-port RAM: one write port with byte enables, one read port
// with a registered (synchronous) read, so synthesis maps it to block RAM.
// Reading and writing the same address in one cycle returns the old word;
// the engine never relies on that case.
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
    reg [WIDTH-1:0] mem [0:DEPTH-1];
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
