// Board reset: asserted at power-up and while the PLL is unlocked, then
// following the reset button through a short synchronizer, so the engine
// leaves reset on a clock edge.
module reset_sync (
    input  wire clk,
    input  wire locked,                  // PLL lock
    input  wire button,                  // 1 while the reset button is pressed
    output wire rst
);
    reg [3:0] rst_q = 4'hF;              // FPGA power-up value: in reset
    always @(posedge clk or negedge locked)
        if (!locked) rst_q <= 4'hF;
        else         rst_q <= {rst_q[2:0], button};
    assign rst = rst_q[3];
endmodule
