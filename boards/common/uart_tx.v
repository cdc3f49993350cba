// 8N1 UART transmitter: load a byte with start while ready.
module uart_tx #(
    parameter DIV = 868
) (
    input  wire       clk,
    input  wire       rst,
    input  wire       start,
    input  wire [7:0] data,
    output wire       ready,
    output wire       tx
);
    localparam CW = $clog2(DIV + 1);
    reg [CW-1:0] cnt;
    reg [3:0]    left;                       // bits still to send
    reg [9:0]    shift;                      // {stop, data, start}, LSB first

    assign ready = left == 4'd0;
    assign tx = ready ? 1'b1 : shift[0];

    always @(posedge clk) begin
        if (rst) begin
            left <= 4'd0;
        end else if (ready) begin
            if (start) begin
                shift <= {1'b1, data, 1'b0};
                left <= 4'd10;
                cnt <= CW'(DIV - 1);
            end
        end else if (cnt != {CW{1'b0}}) begin
            cnt <= cnt - 1'b1;
        end else begin
            cnt <= CW'(DIV - 1);
            shift <= {1'b1, shift[9:1]};
            left <= left - 4'd1;
        end
    end
endmodule
