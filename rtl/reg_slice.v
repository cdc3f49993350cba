// A register slice on one valid/ready channel: the beat and its valid go
// out of registers, and s_ready is a register too (a skid register takes
// the beat already on its way when the receiver stops), so no logic path
// runs through the slice in either direction. Full throughput, one cycle
// of latency.
module reg_slice #(
    parameter W = 8
) (
    input  wire         clk,
    input  wire         rst,
    input  wire         s_valid,
    output wire         s_ready,
    input  wire [W-1:0] s_data,
    output reg          m_valid,
    input  wire         m_ready,
    output reg  [W-1:0] m_data
);
    reg         skid_valid;
    reg [W-1:0] skid_data;
    assign s_ready = !skid_valid;

    wire out_free = !m_valid || m_ready;     // m_data may take a new beat
    always @(posedge clk) begin
        if (rst) begin
            m_valid    <= 1'b0;
            skid_valid <= 1'b0;
        end else if (out_free) begin
            m_valid    <= skid_valid || s_valid;
            skid_valid <= 1'b0;
        end else if (s_valid && !skid_valid) begin
            skid_valid <= 1'b1;
        end
        if (out_free) begin
            if (skid_valid)   m_data <= skid_data;
            else if (s_valid) m_data <= s_data;
        end
        if (!out_free && s_valid && !skid_valid) skid_data <= s_data;
    end
endmodule
