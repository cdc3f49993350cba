// N-cycle delay of a W-bit signal (N = 0 is a wire). With RESET = 1 the
// stages clear on rst (use for valid/control bits); data delays need none.
module delay_line #(
    parameter W     = 1,
    parameter N     = 1,
    parameter RESET = 0
) (
    input  wire         clk,
    input  wire         rst,
    input  wire [W-1:0] d,
    output wire [W-1:0] q
);
    generate
        if (N == 0) begin : g_wire
            assign q = d;
            // rst and clk are part of the uniform interface only
            wire unused_ok = &{1'b0, clk, rst};
        end else begin : g_regs
            reg [W*N-1:0] stage;   // stage i at [W*i +: W]
            integer i;
            always @(posedge clk) begin
                if (RESET != 0 && rst) begin
                    stage <= {(W*N){1'b0}};
                end else begin
                    stage[W-1:0] <= d;
                    for (i = 1; i < N; i = i + 1)
                        stage[W*i +: W] <= stage[W*(i-1) +: W];
                end
            end
            assign q = stage[W*(N-1) +: W];
            if (RESET == 0) begin : g_norst
                wire unused_ok = &{1'b0, rst};
            end
        end
    endgenerate
endmodule
