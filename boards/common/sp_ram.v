// Single-port RAM: one address for a write with byte enables or a
// registered read; rdata keeps its word in cycles without a read. Written
// so Yosys maps it to the iCE40UP5K's SPRAM (synth_ice40 -spram) and to
// block RAM elsewhere.
module sp_ram #(
    parameter WIDTH = 64,                 // multiple of 8
    parameter DEPTH = 16384,
    parameter AW    = $clog2(DEPTH)
) (
    input  wire               clk,
    input  wire               we,
    input  wire               re,         // ignored while we is high
    input  wire [AW-1:0]      addr,
    input  wire [WIDTH-1:0]   wdata,
    input  wire [WIDTH/8-1:0] wstrb,
    output reg  [WIDTH-1:0]   rdata
);
    reg [WIDTH-1:0] mem [0:DEPTH-1];
    integer b;

    always @(posedge clk) begin
        if (we) begin
            for (b = 0; b < WIDTH / 8; b = b + 1)
                if (wstrb[b])
                    mem[addr][8*b +: 8] <= wdata[8*b +: 8];
        end else if (re) begin
            rdata <= mem[addr];
        end
    end
endmodule
